package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Bursts of tiny tasks, from outside and from inside a task, each waited for: the shape of
 * {@code tocin bench scheduler}'s spawn rounds. Each burst ends with workers racing on the last
 * entries of the same queues, where a take that misses a queued entry for good (a level's bit in
 * {@link LevelQueues} cleared while entries remained) leaves {@code waitAll} waiting forever and
 * the workers spinning. The benchmark hung that way once (a peek overtaken by polls answered
 * "empty"); this test did not reproduce that hang on the broken code in three runs (jcstress
 * {@code LevelQueuesStress.PeekVersusPollsOnLinked} did), so it guards the whole path, not that race.
 */
class SpawnBurstsTest {
    private static final int BURSTS = 60;
    private static final int TASKS = 20_000;

    @Test
    void everyBurstFinishesFromOutsideAndInside() {
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var done = new LongAdder();
            Runnable tiny = done::increment;
            for (int burst = 0; burst < BURSTS; burst++) {
                if (burst % 2 == 0) {
                    for (int i = 0; i < TASKS; i++) {
                        s.execute(tiny);
                    }
                } else {
                    s.execute(() -> {
                        for (int i = 0; i < TASKS; i++) {
                            s.execute(tiny);
                        }
                    });
                }
                assertThat(s.waitAll(Duration.ofSeconds(30)))
                        .as("burst %d finished (%s)", burst, s.getStats()).isTrue();
            }
            assertThat(done.sum()).isEqualTo((long) BURSTS * TASKS);
        }
    }

    /** Skynet-style trees (every fiber joins its ten children, which parks it) and then a stop. */
    @Test
    void treesOfJoiningFibersFinishAndTheSchedulerTerminates() throws Exception {
        for (int round = 0; round < 8; round++) {
            var s = SchedulerBasicsTest.builder(2).numaAware(round % 2 == 0).build();
            s.start();
            var root = s.go(() -> tree(s, 0, 100_000));
            assertThat(root.get(30, TimeUnit.SECONDS)).isEqualTo(100_000L * 99_999 / 2);
            s.stop();
            assertThat(s.awaitTermination(30, TimeUnit.SECONDS)).as("round %d terminated (%s)", round, s.getStats()).isTrue();
        }
    }

    private static long tree(LightweightScheduler s, long first, long size) {
        if (size == 1) {
            return first;
        }
        var children = new ArrayList<Fiber<Long>>(10);
        long part = size / 10;
        for (int i = 0; i < 10; i++) {
            long from = first + i * part;
            children.add(s.go(() -> tree(s, from, part)));
        }
        long sum = 0;
        for (var c : children) {
            sum += c.join();
        }
        return sum;
    }
}
