package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starvation: while a flood of CRITICAL busy-spin tasks keeps every worker and the ready
 * queues full, a plain thread submits one BACKGROUND task and waits up to {@code bound}
 * for it to start. Only a scheduler that ages waiting work gets there; the flood ends
 * when it does or at the bound, whichever is first.
 */
final class Starvation {
    private Starvation() {
    }

    /** Nanoseconds from submit to start of the BACKGROUND task; empty if it did not start within {@code bound}. */
    static OptionalLong run(Contender contender, int workers, long floodTaskNanos, Duration bound)
            throws InterruptedException, TimeoutException {
        var started = new CountDownLatch(1);
        var startedAt = new long[1];
        long submitted;
        boolean inTime;
        var flood = Flood.start(contender, Fiber.Priority.CRITICAL, floodTaskNanos, workers * 2);
        try {
            submitted = System.nanoTime();
            contender.execute(Fiber.Priority.BACKGROUND, () -> {
                startedAt[0] = System.nanoTime();
                started.countDown();
            });
            inTime = started.await(bound.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            flood.stop();
        }
        Guard.await(started, "the BACKGROUND task after the flood on " + contender.name());
        return inTime ? OptionalLong.of(startedAt[0] - submitted) : OptionalLong.empty();
    }
}
