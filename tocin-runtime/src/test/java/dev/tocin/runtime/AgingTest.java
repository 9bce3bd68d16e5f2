package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AgingTest {
    /** An endless CRITICAL flood: every flood fiber queues its successor, so CRITICAL is never empty. */
    private static void flood(LightweightScheduler s, AtomicBoolean stop, AtomicLong served) {
        s.goWithPriority(Priority.CRITICAL, () -> {
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // 20 us of work
            }
            served.incrementAndGet();
            if (!stop.get()) {
                flood(s, stop, served);
            }
        });
    }

    /** Waits (bounded) until the flood has served more than {@code seen} fibers. */
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

    @Test
    void backgroundFiberGetsThroughAnEndlessCriticalFlood() throws Exception {
        try (var s = SchedulerBasicsTest.builder(2).agingBound(Duration.ofMillis(5)).build()) {
            s.start();
            var stop = new AtomicBoolean();
            var served = new AtomicLong();
            for (int i = 0; i < 64; i++) {
                flood(s, stop, served);
            }
            var background = s.goWithPriority(Priority.BACKGROUND, () -> served.get());
            var low = s.goWithPriority(Priority.LOW, () -> served.get());
            try {
                // Generous guard only: with a 5 ms bound it takes ~20 ms of aging.
                long criticalBefore = background.get(60, TimeUnit.SECONDS);
                low.get(60, TimeUnit.SECONDS);
                assertThat(criticalBefore).as("CRITICAL fibers served before BACKGROUND got through").isPositive();
                assertThat(servesMoreThan(served, criticalBefore, Duration.ofSeconds(60)))
                        .as("the flood went on after BACKGROUND ran (it got through aging, not a lull)").isTrue();
            } finally {
                stop.set(true);
            }
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();
        }
    }
}
