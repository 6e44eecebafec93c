import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

final class Futures {
    public static <T> CompletableFuture<List<T>> sequence(List<CompletableFuture<T>> futures) {
        CompletableFuture<List<T>> result = new CompletableFuture<List<T>>();
        int n = futures.size();
        if (n == 0) {
            result.complete(new ArrayList<T>());
            return result;
        }
        ArrayList<T> results = new ArrayList<T>();
        for (int i = 0; i < n; i++) {
            results.add(null);
        }
        int[] done = new int[1];
        for (int i = 0; i < n; i++) {
            final int index = i;
            futures.get(i).whenComplete(new BiConsumer<T, Throwable>() {
                public void accept(T value, Throwable error) {
                    if (error != null) {
                        if (error instanceof CompletionException && error.getCause() != null) {
                            result.completeExceptionally(error.getCause());
                        } else {
                            result.completeExceptionally(error);
                        }
                    } else {
                        synchronized (results) {
                            results.set(index, value);
                            done[0] = done[0] + 1;
                            if (done[0] == n) {
                                result.complete(results);
                            }
                        }
                    }
                }
            });
        }
        return result;
    }
}
