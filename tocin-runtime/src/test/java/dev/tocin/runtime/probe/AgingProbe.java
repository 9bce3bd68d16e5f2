package dev.tocin.runtime.probe;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures the aging trade-off behind the default bound (docs/scheduler.md). Two workers run an
 * endless CRITICAL flood of 50 us tasks (64 queued at any time); 200 BACKGROUND fibers are queued
 * at once. For each bound it prints how long the first and the last BACKGROUND fiber waited and the
 * CRITICAL queueing latency (p50/p99) while they were getting through, against the no-aging run.
 * Not a test: run by hand with the scheduler's JVM flags and the test classpath.
 */
public final class AgingProbe {
    private AgingProbe() {
    }

    public static void main(String[] args) throws Exception {
        int[] boundsMillis = {2, 5, 10, 20, 50, 100};
        System.out.println("| aging bound | first BACKGROUND after | last BACKGROUND after | CRITICAL wait p50 | CRITICAL wait p99 |");
        System.out.println("|---|---|---|---|---|");
        run(Duration.ofHours(1), "off (1 h)", Duration.ofMillis(1500));
        for (int b : boundsMillis) {
            run(Duration.ofMillis(b), b + " ms", null);
        }
    }

    private static void run(Duration bound, String label, Duration giveUpAfter) throws Exception {
        var s = LightweightScheduler.builder().workers(2).agingBound(bound).build();
        s.start();
        var stop = new AtomicBoolean();
        var criticalWaits = new ConcurrentLinkedQueue<Long>();
        var measuring = new AtomicBoolean();
        for (int i = 0; i < 64; i++) {
            flood(s, stop, criticalWaits, measuring);
        }
        long t0 = System.nanoTime();
        var done = new ConcurrentLinkedQueue<Long>();
        measuring.set(true);
        for (int i = 0; i < 200; i++) {
            s.goWithPriority(Fiber.Priority.BACKGROUND, () -> { done.add(System.nanoTime() - t0); });
        }
        long deadline = giveUpAfter == null ? Long.MAX_VALUE : t0 + giveUpAfter.toNanos();
        while (done.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        measuring.set(false);
        long[] bg = done.stream().mapToLong(Long::longValue).sorted().toArray(); // before the flood stops
        stop.set(true);
        s.close();
        long[] waits = criticalWaits.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("| %s | %s | %s | %.2f ms | %.2f ms |%n", label,
                bg.length == 0 ? "never (gave up at " + giveUpAfter.toMillis() + " ms)" : bg[0] / 1_000_000 + " ms",
                bg.length < 200 ? bg.length + "/200 done" : bg[bg.length - 1] / 1_000_000 + " ms",
                pct(waits, 50), pct(waits, 99));
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))] / 1e6;
    }

    private static void flood(LightweightScheduler s, AtomicBoolean stop, ConcurrentLinkedQueue<Long> waits, AtomicBoolean measuring) {
        long queuedAt = System.nanoTime();
        s.goWithPriority(Fiber.Priority.CRITICAL, () -> {
            long started = System.nanoTime();
            if (measuring.get()) {
                waits.add(started - queuedAt);
            }
            while (System.nanoTime() < started + 50_000) {
                Thread.onSpinWait();
            }
            if (!stop.get()) {
                flood(s, stop, waits, measuring);
            }
        });
    }

}
