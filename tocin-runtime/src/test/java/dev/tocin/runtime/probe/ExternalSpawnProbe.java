package dev.tocin.runtime.probe;

import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;

/**
 * Spawning from outside over time (issue 18's tenth round): the main thread submits bursts of
 * {@code burst} no-op tasks and waits for quiescence after each, as {@code SpawnPathBenchmark
 * EXTERNAL} does, and prints every half second the nanoseconds per task and, of those, the
 * submitting loop's per submission. The line per half second shows a JVM moving between regimes,
 * which a JMH iteration averages away. Arguments: {@code tocin|fjp}, half seconds (16), burst
 * (10000), workers (2).
 */
public final class ExternalSpawnProbe {
    private static final Runnable NOOP = () -> { };
    private static final long HALF_SECOND = 500_000_000L;

    private ExternalSpawnProbe() {
    }

    public static void main(String[] args) {
        boolean tocin = args.length < 1 || args[0].equals("tocin");
        int halves = args.length < 2 ? 16 : Integer.parseInt(args[1]);
        int burst = args.length < 3 ? 10_000 : Integer.parseInt(args[2]);
        int workers = args.length < 4 ? 2 : Integer.parseInt(args[3]);
        ExecutorService pool;
        if (tocin) {
            var s = LightweightScheduler.builder().workers(workers).topology(NumaTopology.singleNode(workers))
                    .affinity(Affinity.none()).build();
            s.start();
            pool = s;
        } else {
            pool = new ForkJoinPool(workers);
        }
        try (pool) {
            for (int half = 0; half < halves; half++) {
                long start = System.nanoTime();
                long tasks = 0;
                long loop = 0;
                while (System.nanoTime() - start < HALF_SECOND) {
                    long loopStart = System.nanoTime();
                    for (int i = 0; i < burst; i++) {
                        pool.execute(NOOP);
                    }
                    loop += System.nanoTime() - loopStart;
                    awaitQuiescence(pool);
                    tasks += burst;
                }
                System.out.printf("%s %d: %.1f ns/task, loop %.1f ns/submission%n", tocin ? "tocin" : "fjp", half,
                        (double) (System.nanoTime() - start) / tasks, (double) loop / tasks);
            }
        }
    }

    /** {@code ForkJoinPool} is polled: its {@code awaitQuiescence} would run tasks on this thread. */
    private static void awaitQuiescence(ExecutorService pool) {
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
            LockSupport.parkNanos(10_000);
        }
    }
}
