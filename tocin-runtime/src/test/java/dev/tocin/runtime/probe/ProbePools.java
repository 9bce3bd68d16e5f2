package dev.tocin.runtime.probe;

import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;

/** The two pools the spawn probes compare, and waiting for either to run dry. */
final class ProbePools {
    private ProbePools() {
    }

    /** A started Tocin scheduler on one node, or a {@code ForkJoinPool}, with {@code workers} threads. */
    static ExecutorService start(boolean tocin, int workers) {
        if (!tocin) {
            return new ForkJoinPool(workers);
        }
        var s = LightweightScheduler.builder().workers(workers).topology(NumaTopology.singleNode(workers))
                .affinity(Affinity.none()).build();
        s.start();
        return s;
    }

    /**
     * Returns once every task submitted to {@code pool} has run; fails after a minute. Tocin waits
     * with {@code waitAll}; {@code ForkJoinPool} is polled every {@code pollNanos}, since its
     * {@code awaitQuiescence} would run tasks on the calling thread (a third worker).
     */
    static void awaitQuiescence(ExecutorService pool, long pollNanos) {
        if (pool instanceof LightweightScheduler s) {
            if (!s.waitAll(Duration.ofMinutes(1))) {
                throw new IllegalStateException("not quiescent after a minute");
            }
            return;
        }
        var fjp = (ForkJoinPool) pool;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!fjp.isQuiescent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not quiescent after a minute");
            }
            LockSupport.parkNanos(pollNanos);
        }
    }
}
