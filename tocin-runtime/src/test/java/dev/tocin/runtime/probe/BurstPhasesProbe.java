package dev.tocin.runtime.probe;

import java.util.concurrent.ExecutorService;

/**
 * The phases of a burst (issue 18's ninth round): one task starts {@code burst} no-op children and
 * the main thread waits for quiescence, as {@code SpawnPathBenchmark INTERNAL} does, over and over.
 * Per round of {@code total} tasks it prints nanoseconds per task, the producer's loop per spawn,
 * the wait until the producing task started, the drain (from the end of the loop until the last
 * child ran; children run oldest first, so the last one runs about last) and the time from there
 * until the wait returned. {@code ForkJoinPool}'s owner takes its newest task first, so there the
 * last child runs first and only the sum of drain and quiescence compares. Arguments:
 * {@code tocin|fjp}, burst (10000), total per round (10000000), rounds (6), workers (2). Timings
 * are as noisy as the machine.
 */
public final class BurstPhasesProbe {
    private static final Runnable NOOP = () -> { };

    private BurstPhasesProbe() {
    }

    public static void main(String[] args) {
        boolean tocin = args.length < 1 || args[0].equals("tocin");
        int burst = args.length < 2 ? 10_000 : Integer.parseInt(args[1]);
        long total = args.length < 3 ? 10_000_000 : Long.parseLong(args[2]);
        int rounds = args.length < 4 ? 6 : Integer.parseInt(args[3]);
        int workers = args.length < 5 ? 2 : Integer.parseInt(args[4]);
        ExecutorService pool = ProbePools.start(tocin, workers);
        var t = new long[4]; // submitted, loop started, loop ended, last child ran (written by the tasks)
        Runnable last = () -> t[3] = System.nanoTime();
        Runnable spawnAll = () -> {
            t[1] = System.nanoTime();
            for (int i = 1; i < burst; i++) {
                pool.execute(NOOP);
            }
            pool.execute(last);
            t[2] = System.nanoTime();
        };
        for (int r = 0; r < rounds; r++) {
            long loop = 0;
            long start = 0;
            long drain = 0;
            long quiesce = 0;
            long began = System.nanoTime();
            for (long done = 0; done < total; done += burst) {
                t[0] = System.nanoTime();
                pool.execute(spawnAll);
                ProbePools.awaitQuiescence(pool, 10_000);
                long returned = System.nanoTime(); // the wait's happens-before makes the tasks' stamps visible
                start += t[1] - t[0];
                loop += t[2] - t[1];
                drain += t[3] - t[2];
                quiesce += returned - t[3];
            }
            long bursts = total / burst;
            System.out.printf("%s round %d: %d ns/task; loop %d ns/spawn, start %d us, drain %d us, quiescence %d us per burst%n",
                    tocin ? "tocin" : "ForkJoinPool", r, (System.nanoTime() - began) / total, loop / total,
                    start / bursts / 1000, drain / bursts / 1000, quiesce / bursts / 1000);
        }
        pool.close();
    }
}
