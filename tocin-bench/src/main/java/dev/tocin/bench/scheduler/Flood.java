package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * Keeps every worker busy: {@code chains} self-renewing chains of busy-spin tasks at one
 * priority; each task spins for its length, then starts its successor from inside the
 * scheduler, so the ready queues always hold work of that level until {@link #stop()}.
 */
final class Flood {
    private final Contender contender;
    private final Fiber.Priority priority;
    private final long taskNanos;
    private final CountDownLatch running;
    private final CountDownLatch ended;
    private volatile boolean stopping;

    private Flood(Contender contender, Fiber.Priority priority, long taskNanos, int chains) {
        this.contender = contender;
        this.priority = priority;
        this.taskNanos = taskNanos;
        this.running = new CountDownLatch(chains * 4);
        this.ended = new CountDownLatch(chains);
    }

    /**
     * Starts the chains and returns once {@code chains * 4} tasks have run, so that every
     * worker is busy before anything is measured.
     */
    static Flood start(Contender contender, Fiber.Priority priority, long taskNanos, int chains)
            throws InterruptedException, TimeoutException {
        var flood = new Flood(contender, priority, taskNanos, chains);
        for (int i = 0; i < chains; i++) {
            contender.execute(priority, flood::link);
        }
        try {
            Guard.await(flood.running, "the start of the " + priority + " flood on " + contender.name());
        } catch (TimeoutException | InterruptedException e) {
            flood.stopping = true;
            throw e;
        }
        return flood;
    }

    private void link() {
        Guard.spin(taskNanos);
        running.countDown();
        if (stopping) {
            ended.countDown();
        } else {
            contender.execute(priority, this::link);
        }
    }

    /** Stops renewing and waits until every chain's last task has finished. */
    void stop() throws InterruptedException, TimeoutException {
        stopping = true;
        Guard.await(ended, "the end of the " + priority + " flood on " + contender.name());
    }
}
