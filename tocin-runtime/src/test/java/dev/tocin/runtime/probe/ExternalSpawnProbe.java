package dev.tocin.runtime.probe;

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
        try (var pool = ProbePools.start(tocin, workers)) {
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
                    ProbePools.awaitQuiescence(pool, 10_000);
                    tasks += burst;
                }
                System.out.printf("%s %d: %.1f ns/task, loop %.1f ns/submission%n", tocin ? "tocin" : "fjp", half,
                        (double) (System.nanoTime() - start) / tasks, (double) loop / tasks);
            }
        }
    }
}
