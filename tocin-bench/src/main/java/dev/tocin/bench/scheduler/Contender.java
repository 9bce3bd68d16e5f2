package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * One implementation under test, Tocin or a peer, seen through the few operations the
 * workloads need, so that every workload is one piece of code run on all of them.
 */
interface Contender extends AutoCloseable {
    /** The name reported in {@code BenchResult.impl}. */
    String name();

    /** Whether {@link #execute(Fiber.Priority, Runnable)} honours the priority. */
    boolean hasPriorities();

    /** Starts {@code task}; peers without priorities ignore {@code priority}. */
    void execute(Fiber.Priority priority, Runnable task);

    /** Starts {@code task} at NORMAL priority and returns its result handle. */
    <T> Future<T> submit(Callable<T> task);

    /** Shuts down after the tasks already started have finished. */
    @Override
    void close();
}
