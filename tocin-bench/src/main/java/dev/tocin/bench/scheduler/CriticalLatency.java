package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Submit-to-start latency of CRITICAL tasks while every worker runs BACKGROUND busy-spin
 * tasks of {@code backgroundNanos}: a plain thread submits one CRITICAL task at a time
 * (at random gaps, so samples do not lock onto the background tasks' rhythm) and the task
 * records when it started.
 */
final class CriticalLatency {
    /** A CRITICAL task that has not started after this long counts as never started. */
    static final long GIVE_UP_MILLIS = 1_000;
    private static final long MAX_GAP_NANOS = 200_000;

    /**
     * Latencies in microseconds; empty when a sample did not start within
     * {@link #GIVE_UP_MILLIS}, after which sampling stops.
     */
    record Latencies(OptionalDouble p50Micros, OptionalDouble p99Micros, int samples) {
        boolean finished() {
            return p99Micros.isPresent();
        }
    }

    private CriticalLatency() {
    }

    static Latencies run(Contender contender, int workers, long backgroundNanos, int samples)
            throws InterruptedException, TimeoutException {
        var waits = new long[samples];
        var taken = 0;
        var flood = Flood.start(contender, Fiber.Priority.BACKGROUND, backgroundNanos, workers * 2);
        try {
            for (; taken < samples; taken++) {
                var started = new CountDownLatch(1);
                var startedAt = new long[1];
                long submitted = System.nanoTime();
                contender.execute(Fiber.Priority.CRITICAL, () -> {
                    startedAt[0] = System.nanoTime();
                    started.countDown();
                });
                if (!started.await(GIVE_UP_MILLIS, TimeUnit.MILLISECONDS)) {
                    break;
                }
                waits[taken] = startedAt[0] - submitted;
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(MAX_GAP_NANOS));
            }
        } finally {
            flood.stop();
        }
        if (taken < samples) {
            return new Latencies(OptionalDouble.empty(), OptionalDouble.empty(), taken);
        }
        Arrays.sort(waits);
        return new Latencies(OptionalDouble.of(percentile(waits, 0.50) / 1e3),
                OptionalDouble.of(percentile(waits, 0.99) / 1e3), samples);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
