package dev.tocin.bench.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each workload computes what it claims on every implementation it is run on; no timing is asserted. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WorkloadsTest {
    private static final int WORKERS = 2;

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void spawnRunsEveryTaskFromOutsideAndInside(Implementation impl) throws Exception {
        try (var contender = impl.start(WORKERS)) {
            assertThat(Spawn.run(contender, 5_000, Spawn.From.EXTERNAL)).isPositive();
            assertThat(Spawn.run(contender, 5_000, Spawn.From.INTERNAL)).isPositive();
        }
    }

    @Test
    void skynetSumOfOneMillionLeavesIsTheKnownOne() {
        assertThat(Skynet.expectedSum(1_000_000)).isEqualTo(499_999_500_000L);
    }

    @ParameterizedTest
    @EnumSource(value = Implementation.class, names = {"TOCIN", "TOCIN_NUMA_AWARE", "VIRTUAL_THREADS", "FORK_JOIN"})
    void skynetSumsTheTree(Implementation impl) throws Exception {
        try (var contender = impl.start(WORKERS)) {
            assertThat(Skynet.run(contender, 10_000)).isEqualTo(49_995_000L);
        }
    }

    @Test
    void skynetRefusesATreeThatIsNotAPowerOfTen() {
        assertThatThrownBy(() -> Skynet.requirePowerOfTen(1_500)).hasMessageContaining("1500");
    }

    @ParameterizedTest
    @EnumSource(value = Implementation.class, names = {"TOCIN", "VIRTUAL_THREADS"})
    void pingPongFinishesEveryRoundTrip(Implementation impl) throws Exception {
        try (var contender = impl.start(WORKERS)) {
            assertThat(PingPong.run(contender, 2_000)).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Implementation.class, names = {"TOCIN", "PRIORITY_POOL"})
    void criticalTasksStartDespiteTheBackgroundFloodWhenPrioritiesExist(Implementation impl) throws Exception {
        try (var contender = impl.start(WORKERS)) {
            var latencies = CriticalLatency.run(contender, WORKERS, 50_000, 50);
            assertThat(latencies.finished()).isTrue();
            assertThat(latencies.samples()).isEqualTo(50);
        }
    }

    @Test
    void tocinAgesABackgroundTaskThroughACriticalFlood() throws Exception {
        try (var contender = Implementation.TOCIN.start(WORKERS)) {
            // The bound only guards the test; Tocin's aging must get there long before.
            assertThat(Starvation.run(contender, WORKERS, 10_000, Duration.ofSeconds(60))).isPresent();
        }
    }

    @Test
    void strictPrioritiesNeverRunTheBackgroundTaskDuringTheFlood() throws Exception {
        // Four chains on two workers: at least two CRITICAL tasks are queued whenever a worker looks.
        try (var contender = Implementation.PRIORITY_POOL.start(WORKERS)) {
            assertThat(Starvation.run(contender, WORKERS, 10_000, Duration.ofMillis(300))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Implementation.class, names = {"TOCIN", "VIRTUAL_THREADS"})
    void parkedHeapIsMeasuredWithEveryTaskParkedAndReleased(Implementation impl) throws Exception {
        try (var contender = impl.start(WORKERS)) {
            ParkedHeap.warmUp(contender, 2_000); // returns once all have parked, been released and ended
            // Whatever else it holds, a parked task keeps at least its thread or continuation.
            assertThat(ParkedHeap.bytesPerParkedTask(contender, 2_000)).isGreaterThan(100);
        }
    }

    @Test
    void percentileIsNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(CriticalLatency.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(CriticalLatency.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(CriticalLatency.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void workloadNamesUseShortCounts() {
        assertThat(Sizes.count(1_000_000)).isEqualTo("1M");
        assertThat(Sizes.count(100_000)).isEqualTo("100k");
        assertThat(Sizes.count(1_500)).isEqualTo("1500");
    }

    @Test
    void unknownImplementationNamesTheKnownOnes() {
        assertThatThrownBy(() -> Implementation.byLabel("nope")).hasMessageContaining("nope").hasMessageContaining("tocin");
    }
}
