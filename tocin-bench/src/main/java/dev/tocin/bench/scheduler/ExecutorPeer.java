package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** A JDK executor without priorities: ForkJoinPool or the virtual-thread-per-task executor. */
record ExecutorPeer(String name, ExecutorService executor) implements Contender {
    @Override
    public boolean hasPriorities() {
        return false;
    }

    @Override
    public void execute(Fiber.Priority priority, Runnable task) {
        executor.execute(task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    @Override
    public void close() {
        executor.close();
    }
}
