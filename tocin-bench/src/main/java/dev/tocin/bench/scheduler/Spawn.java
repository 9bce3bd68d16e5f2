package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Spawn throughput: start {@code tasks} tiny tasks (each only counts itself done) either
 * from a plain thread outside the scheduler or from inside one of its tasks, and wait for
 * all of them. The count is a {@link LongAdder} polled by the waiting thread rather than a
 * latch, because a latch's single counter is contended by every task and would measure
 * itself instead of the scheduler.
 */
final class Spawn {
    enum From { EXTERNAL, INTERNAL }

    private static final long POLL_NANOS = 100_000;

    private Spawn() {
    }

    /** Runs one round and returns its wall-clock time in nanoseconds. */
    static long run(Contender contender, int tasks, From from) throws TimeoutException {
        var done = new LongAdder();
        Runnable tiny = done::increment;
        Runnable spawnAll = () -> {
            for (int i = 0; i < tasks; i++) {
                contender.execute(Fiber.Priority.NORMAL, tiny);
            }
        };
        long start = System.nanoTime();
        switch (from) {
            case EXTERNAL -> spawnAll.run();
            case INTERNAL -> contender.execute(Fiber.Priority.NORMAL, spawnAll);
        }
        long guard = start + Guard.GUARD_SECONDS * 1_000_000_000L;
        while (done.sum() < tasks) {
            if (System.nanoTime() > guard) {
                throw new TimeoutException("spawn of " + tasks + " tasks on " + contender.name() + " did not finish within "
                        + Guard.GUARD_SECONDS + " s (" + done.sum() + " done)");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return System.nanoTime() - start;
    }
}
