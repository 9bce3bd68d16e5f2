package dev.tocin.v8;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A queued call whose caller waits for {@code result} (EventLoop): whoever runs it completes the
 * result; if the loop stops first, shutdown fails the result, so the caller gets the failure.
 */
record CallJob<T>(Callable<T> job, CompletableFuture<T> result) implements Runnable {
    @Override
    public void run() {
        try {
            result.complete(job.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }
}
