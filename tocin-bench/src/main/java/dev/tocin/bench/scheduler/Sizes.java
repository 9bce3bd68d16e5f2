package dev.tocin.bench.scheduler;

import java.time.Duration;

/**
 * How big each workload of the scheduler suite is and how often it is repeated.
 *
 * @param workers          workers of every implementation (the CPU count)
 * @param warmupRounds     rounds run and discarded before the measured ones
 * @param measuredRounds   rounds whose median is reported
 * @param spawnTasks       tiny tasks per spawn round
 * @param skynetLeaves     leaves of the skynet tree (a power of ten)
 * @param pingPongTrips    round trips per ping-pong round
 * @param latencySamples   CRITICAL tasks timed per implementation
 * @param backgroundNanos  length of each BACKGROUND busy-spin task in the latency workload
 * @param starvationBound  how long the CRITICAL flood may keep a BACKGROUND task waiting
 * @param floodNanos       length of each CRITICAL busy-spin task of that flood
 * @param parkedTasks      tasks parked at once for the heap figure
 * @param numaRounds       aware/unaware pairs of the NUMA-cost workloads (after one warm-up pair)
 */
record Sizes(int workers, int warmupRounds, int measuredRounds, int spawnTasks, int skynetLeaves, int pingPongTrips,
             int latencySamples, long backgroundNanos, Duration starvationBound, long floodNanos, int parkedTasks,
             int numaRounds) {
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    /** A run of seconds: about 20 s on two idle cores. */
    static Sizes quick() {
        return new Sizes(CPUS, 1, 2, 50_000, 100_000, 10_000, 300, 50_000, Duration.ofSeconds(1), 10_000, 50_000, 2);
    }

    /** The sizes the goals are stated for: one million tasks, fibers and parked fibers. */
    static Sizes full() {
        return new Sizes(CPUS, 2, 5, 1_000_000, 1_000_000, 200_000, 5_000, 50_000, Duration.ofSeconds(10), 10_000,
                1_000_000, 10);
    }

    /** Small enough for unit tests: only checks that everything runs and computes the right results. */
    static Sizes tiny() {
        return new Sizes(2, 0, 1, 1_000, 1_000, 100, 20, 50_000, Duration.ofMillis(200), 10_000, 1_000, 1);
    }

    /** {@code 1000000 -> "1M"}, {@code 100000 -> "100k"}, for workload names. */
    static String count(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return n / 1_000 + "k";
        }
        return Long.toString(n);
    }
}
