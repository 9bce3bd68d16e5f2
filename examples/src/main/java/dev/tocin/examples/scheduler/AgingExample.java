package dev.tocin.examples.scheduler;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The starvation guard: under an endless flood of CRITICAL fibers a BACKGROUND fiber still runs,
 * because a fiber that waited longer than the aging bound is served one level higher, and again
 * after each further bound.
 */
public final class AgingExample {
    private AgingExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws Exception {
        var s = LightweightScheduler.builder().workers(2).agingBound(Duration.ofMillis(10)).build();
        s.start();
        var stop = new AtomicBoolean();
        var critical = new AtomicLong();
        for (int i = 0; i < 32; i++) {
            flood(s, stop, critical);
        }
        long start = System.nanoTime();
        Fiber<Long> background = s.goWithPriority(Fiber.Priority.BACKGROUND, critical::get);
        long criticalBefore = background.get(60, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        // The flood outlived the BACKGROUND fiber if it served more CRITICAL fibers after it.
        boolean floodStillRunning = servesMoreThan(critical, criticalBefore, Duration.ofSeconds(60));
        stop.set(true);
        s.close();
        out.println("BACKGROUND fiber ran while the CRITICAL flood was still running: " + floodStillRunning);
        out.println("CRITICAL fibers served before it: " + (criticalBefore > 0 ? "many" : "none"));
        System.err.println("(it waited " + waitedMillis + " ms behind " + criticalBefore + " CRITICAL fibers)");
    }

    private static boolean servesMoreThan(AtomicLong served, long seen, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (served.get() <= seen) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Each flood fiber does 20 us of work and queues its successor, so CRITICAL is never empty. */
    private static void flood(LightweightScheduler s, AtomicBoolean stop, AtomicLong served) {
        s.goWithPriority(Fiber.Priority.CRITICAL, () -> {
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            served.incrementAndGet();
            if (!stop.get()) {
                flood(s, stop, served);
            }
        });
    }
}
