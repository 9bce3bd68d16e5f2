package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * The idle/wake protocol on the real scheduler: a fiber queued while the last worker goes idle is
 * never left waiting. Each producer starts a fiber only after its previous one finished, so every
 * submission lands just as the workers run dry and announce themselves idle: the window where a
 * lost wake-up would happen. Idle workers park without a timeout, so a lost wake-up leaves a fiber
 * queued forever; the bounded {@code get} turns that into a failure instead of a hang. The same
 * holds for wake-ups of parked fibers resumed from outside (the {@code resume} path).
 */
class WakeUpProperties {
    private static final long BOUND_SECONDS = 60;

    /**
     * Spins rather than parks: the producer then submits its next fiber within nanoseconds of the
     * last one finishing, while the worker is still on its way to idle, which is the race to test.
     */
    private static void awaitSpinning(Fiber<?> f) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!f.isDone()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("fiber " + f + " still not done");
            }
            Thread.onSpinWait();
        }
    }

    @Property(tries = 6, shrinking = ShrinkingMode.OFF)
    void aFiberQueuedAsTheLastWorkerGoesIdleIsRun(
            @ForAll @IntRange(min = 1, max = 2) int workers,
            @ForAll @IntRange(min = 1, max = 2) int producers,
            @ForAll boolean resumeFromOutside) throws Exception {
        int rounds = 3000;
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var ran = new AtomicInteger();
        var s = SchedulerBasicsTest.builder(workers).build();
        try {
            s.start();
            var start = new CountDownLatch(1);
            var threads = new ArrayList<Thread>();
            for (int p = 0; p < producers; p++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < rounds; i++) {
                            if (resumeFromOutside) {
                                var gate = new CompletableFuture<Void>();
                                var f = s.go(() -> {
                                    gate.join(); // parks: the fiber is resumed by this producer thread
                                    ran.incrementAndGet();
                                });
                                gate.complete(null);
                                awaitSpinning(f);
                            } else {
                                awaitSpinning(s.go(ran::incrementAndGet));
                            }
                        }
                    } catch (TimeoutException e) {
                        failures.add(new AssertionError("a fiber was not run within " + BOUND_SECONDS
                                + " s: lost wake-up (" + s.getStats() + ")", e));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.countDown();
            for (var t : threads) {
                assertThat(t.join(Duration.ofSeconds(BOUND_SECONDS * 2))).as("producer finished").isTrue();
            }
            assertThat(failures).isEmpty();
            assertThat(ran.get()).isEqualTo(rounds * producers);
            assertThat(s.waitAll(Duration.ofSeconds(BOUND_SECONDS))).isTrue();
        } finally {
            // not close(): after a lost wake-up it would wait for the stuck fiber forever
            s.shutdownNow();
            assertThat(s.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS)).as("terminated").isTrue();
        }
    }
}
