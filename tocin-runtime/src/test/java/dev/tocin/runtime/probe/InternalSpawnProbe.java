package dev.tocin.runtime.probe;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * A harness to profile one spawn path alone (issue 18's fifth round): one task starts a million
 * no-op tasks (or the main thread does, {@code external}) on a 2-worker Tocin scheduler or
 * {@code ForkJoinPool(2)}, for a number of rounds, and prints every round's nanoseconds per task
 * and the median of the last two thirds. Meant to run under JFR (docs/scheduler.md, "Fifth round",
 * has the command and the settings that turn Tocin's own events off) or with {@code -Xlog:gc}.
 * Timings are as noisy as the machine; the profile's shares and the collector's log are what it is for.
 *
 * <p>Arguments: {@code tocin|fjp}, rounds (default 30), {@code internal|external} (default internal).
 */
public final class InternalSpawnProbe {
    private static final int TASKS = 1_000_000;
    private static final Runnable NOOP = () -> { };

    private InternalSpawnProbe() {
    }

    public static void main(String[] args) {
        boolean tocin = args.length < 1 || args[0].equals("tocin");
        int rounds = args.length < 2 ? 30 : Integer.parseInt(args[1]);
        boolean internal = args.length < 3 || args[2].equals("internal");
        ExecutorService pool = ProbePools.start(tocin, 2);
        Runnable spawnAll = () -> {
            for (int i = 0; i < TASKS; i++) {
                pool.execute(NOOP);
            }
        };
        long[] perTask = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            if (internal) {
                pool.execute(spawnAll);
            } else {
                spawnAll.run();
            }
            ProbePools.awaitQuiescence(pool, 100_000);
            perTask[r] = (System.nanoTime() - start) / TASKS;
        }
        pool.close();
        var tail = Arrays.copyOfRange(perTask, rounds / 3, rounds);
        Arrays.sort(tail);
        System.out.printf("%s %s, ns per task by round: %s%nmedian of the last %d rounds: %d ns (min %d, max %d)%n",
                tocin ? "tocin" : "ForkJoinPool(2)", internal ? "internal" : "external", Arrays.toString(perTask),
                tail.length, tail[tail.length / 2], tail[0], tail[tail.length - 1]);
    }
}
