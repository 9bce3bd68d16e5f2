package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * {@code cancel(true)} racing with the end of the fiber it cancels never interrupts the next fiber
 * of the same runner. Since issue 18's seventh round the interrupter checks the cancelled fiber's
 * state (the runner stays with a fiber until it is DONE) instead of a volatile "current fiber" field
 * of the runner; the runner sets DONE and then waits for interrupters it may have missed before it
 * clears the interrupt (docs/scheduler.md, "Seventh round"). One worker, so the next fiber runs on
 * the same runner (fiber mode) or the same thread (run-to-completion mode); the cancel lands at a
 * random moment around the first fiber's end.
 *
 * <p>And a {@code cancel(true)} racing with the start of a fiber either keeps its task from running
 * or interrupts it. Since issue 18's eleventh round the runner is written into the fiber without a
 * fence when it starts it, and a cancel that finds the fiber claimed waits for that write.
 */
class InterruptProperties {
    @Property(tries = 4, shrinking = ShrinkingMode.OFF)
    void aCancelRacingWithTheEndOfAFiberDoesNotReachTheNextOne(@ForAll boolean runToCompletion, @ForAll long seed) {
        var builder = SchedulerBasicsTest.builder(1);
        var random = new Random(seed);
        var s = (runToCompletion ? builder.runToCompletion() : builder).build();
        try {
            s.start();
            for (int round = 0; round < 5_000; round++) {
                long work = random.nextInt(4_000);
                long cancelAfter = random.nextInt(6_000);
                var cancelled = s.go(() -> spin(work));
                var next = s.go(() -> Thread.currentThread().isInterrupted());
                spin(cancelAfter);
                cancelled.cancel(true);
                assertThat(next.join()).as("round %d: the next fiber found its thread interrupted", round).isFalse();
            }
        } finally {
            s.shutdownNow();
        }
    }

    @Property(tries = 4, shrinking = ShrinkingMode.OFF)
    void aCancelRacingWithTheStartOfAFiberStopsItOrInterruptsIt(@ForAll boolean runToCompletion, @ForAll long seed) {
        var builder = SchedulerBasicsTest.builder(2);
        var random = new Random(seed);
        var s = (runToCompletion ? builder.runToCompletion() : builder).build();
        var ranUninterrupted = new AtomicInteger();
        try {
            s.start();
            for (int round = 0; round < 5_000; round++) {
                var f = s.go(() -> {
                    long giveUp = System.nanoTime() + 5_000_000_000L;
                    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < giveUp) {
                        Thread.onSpinWait();
                    }
                    if (!Thread.currentThread().isInterrupted()) {
                        ranUninterrupted.incrementAndGet();
                    }
                });
                spin(random.nextInt(30_000));
                assertThat(f.cancel(true)).as("round %d: a task that waits for its interrupt was not cancelled", round).isTrue();
                s.waitAll();
                assertThat(ranUninterrupted.get()).as("round %d: a cancelled task ran without its interrupt", round).isZero();
            }
        } finally {
            s.shutdownNow();
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
