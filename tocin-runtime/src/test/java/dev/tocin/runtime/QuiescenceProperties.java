package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code waitAll} on the real scheduler since issue 18's seventh round, where a fiber started by a
 * fiber and a fiber's run are counted in the worker's own tally and the check for quiescence runs
 * when a worker runs dry (before it searches, parks or retires as a spare): it returns, and only
 * once every fiber has run. Trees of fibers start children from inside fibers on several
 * workers; some children block in {@link Fiber#blocking}, so spares start, run fibers and retire.
 * A missed check leaves {@code waitAll} waiting until its bound (it then looks once more and would
 * return true, so the test fails on the time waited; checked: it fails without the check of a
 * worker that runs dry); a count missing from a sum lets it return early (the run count is short
 * then).
 */
class QuiescenceProperties {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void waitAllReturnsOnceEveryFiberStartedByFibersHasRun(
            @ForAll @IntRange(min = 1, max = 3) int workers,
            @ForAll boolean runToCompletion,
            @ForAll boolean blockingLeaves,
            @ForAll long seed) {
        var builder = SchedulerBasicsTest.builder(workers);
        var random = new Random(seed);
        int rounds = 200;
        var s = (runToCompletion ? builder.runToCompletion() : builder).build();
        try {
            s.start();
            long accepted = 0;
            for (int round = 0; round < rounds; round++) {
                int fanOut = 1 + random.nextInt(8);
                int depth = 1 + random.nextInt(4);
                var ran = new AtomicInteger();
                s.go(() -> tree(s, fanOut, depth, blockingLeaves, ran));
                int expected = treeSize(fanOut, depth);
                accepted += expected;
                long start = System.nanoTime();
                boolean quiescent = s.waitAll(BOUND);
                long waited = System.nanoTime() - start;
                // waitAll looks once more when its time is up: a missed check shows as a wait for the whole bound
                assertThat(quiescent && waited < BOUND.toNanos())
                        .as("waitAll woken before its bound of %s (round %d, waited %d ms, %s)", BOUND, round,
                                waited / 1_000_000, s.getStats())
                        .isTrue();
                assertThat(ran).as("fibers run when waitAll returned (round %d)", round).hasValue(expected);
                var stats = s.getStats();
                assertThat(stats.completedFibers()).isEqualTo(accepted);
                assertThat(stats.submittedFibers()).isEqualTo(accepted);
            }
        } finally {
            s.shutdownNow(); // not close(): after a missed check it would wait forever as well
        }
    }

    private static void tree(LightweightScheduler s, int fanOut, int depth, boolean blockingLeaves, AtomicInteger ran) {
        ran.incrementAndGet();
        if (depth == 1) {
            if (blockingLeaves && ran.get() % 7 == 0) {
                Fiber.blocking(() -> spin(20_000)); // holds its worker: a spare serves the queues meanwhile
            }
            return;
        }
        for (int i = 0; i < fanOut; i++) {
            s.go(() -> tree(s, fanOut, depth - 1, blockingLeaves, ran));
        }
    }

    private static int treeSize(int fanOut, int depth) {
        int size = 0;
        for (int level = 0, width = 1; level < depth; level++, width *= fanOut) {
            size += width;
        }
        return size;
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
