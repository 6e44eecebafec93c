import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Combinators of {@link CompletableFuture}s. */
final class Futures {
  private Futures() {}

  /**
   * Returns a future of the results of {@code futures}, in the order of the list.
   *
   * <p>The future completes normally once every input has, and exceptionally as soon as any
   * input fails, with that input's exception (unwrapped from a {@link CompletionException}) as
   * the cause. This method never blocks.
   *
   * @param <T> the type of the results
   * @param futures the futures to combine; the list is not modified
   * @return a future of all the results, {@code null} results included
   */
  public static <T> CompletableFuture<List<T>> sequence(List<CompletableFuture<T>> futures) {
    List<CompletableFuture<T>> inputs = List.copyOf(futures);
    CompletableFuture<List<T>> all = new CompletableFuture<>();
    inputs.forEach(input -> input.exceptionally(error -> {
      all.completeExceptionally(unwrap(error));
      return null;
    }));
    CompletableFuture.allOf(inputs.toArray(CompletableFuture<?>[]::new))
        .thenRun(() -> all.complete(inputs.stream().map(CompletableFuture::join).toList()));
    return all;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
