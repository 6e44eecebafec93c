import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A thread-safe cache of the results of a function, which computes each key at most once.
 *
 * <p>The cache holds a future per key: the first caller of a key computes it outside of any
 * lock, the others wait for its future. Different keys are computed in parallel, and a
 * computation may itself call {@link #get} for other keys. Failures are not cached.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
final class Memoizer<K, V> {
  private final Function<? super K, ? extends V> compute;

  private final ConcurrentMap<K, CompletableFuture<V>> cache = new ConcurrentHashMap<>();

  /**
   * Creates an empty cache of the results of {@code compute}.
   *
   * @param compute the function whose results are cached
   */
  public Memoizer(Function<? super K, ? extends V> compute) {
    this.compute = Objects.requireNonNull(compute, "compute");
  }

  /**
   * Returns the value of {@code key}, computing it if it is not cached yet.
   *
   * @param key the key
   * @return the value of the function for {@code key}
   * @throws NullPointerException if {@code key} is null or the function returns null
   * @throws RuntimeException the exception the function threw, unwrapped
   */
  public V get(K key) {
    Objects.requireNonNull(key, "key");
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = cache.putIfAbsent(key, mine);
    if (running != null) {
      return await(running);
    }
    try {
      V value = Objects.requireNonNull(compute.apply(key), "the function returned null");
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      cache.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Discards the cached value of {@code key}, if any, so that the next {@link #get} computes it
   * again.
   *
   * @param key the key to forget
   */
  public void invalidate(K key) {
    cache.remove(key);
  }

  /**
   * Returns the number of keys whose value is cached.
   *
   * @return the number of completed computations, failed and running ones not counted
   */
  public int size() {
    return (int) cache.values().stream()
        .filter(future -> future.isDone() && !future.isCompletedExceptionally())
        .count();
  }

  /** Waits for another caller's computation and returns its value or rethrows its failure. */
  private static <V> V await(CompletableFuture<V> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
