package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The usual way to get priorities from the JDK: a fixed {@link ThreadPoolExecutor} over a
 * {@link PriorityBlockingQueue}, with Tocin's five levels and FIFO order within a level.
 */
final class PriorityPoolPeer implements Contender {
    static final String NAME = "TPE+PBQ";

    private final ThreadPoolExecutor pool;
    private final AtomicLong sequence = new AtomicLong();

    PriorityPoolPeer(int workers) {
        pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>());
        pool.prestartAllCoreThreads();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasPriorities() {
        return true;
    }

    @Override
    public void execute(Fiber.Priority priority, Runnable task) {
        pool.execute(new RankedTask(priority.value(), sequence.getAndIncrement(), task));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        var future = new FutureTask<>(task);
        execute(Fiber.Priority.NORMAL, future);
        return future;
    }

    @Override
    public void close() {
        pool.close();
    }
}
