package dev.tocin.bench.jsengines;

import java.time.Duration;

/**
 * How long to run each measurement. Warm-up runs in windows of {@link #WINDOW} (at least one
 * run each) for at least {@code warmup}, and goes on while a window is still 5% faster per
 * run than the one before, up to {@code maxWarmup}: an optimizing JIT (Graal compiles in the
 * background, slowly on a loaded machine) gets time to finish, an interpreter does not waste
 * it. Then at least {@code measure} and {@code minRuns} runs are timed. The Node driver uses
 * the same rule, so every engine gets the same treatment.
 */
record Budget(Duration warmup, Duration maxWarmup, Duration measure, int minRuns, int processRuns,
        int memoryRuntimes, int[] threadCounts) {
    static final Duration WINDOW = Duration.ofSeconds(1);

    static Budget of(boolean quick) {
        return quick
                ? new Budget(Duration.ofMillis(1500), Duration.ofSeconds(8), Duration.ofMillis(1500), 2, 3, 4,
                        new int[] {2})
                : new Budget(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), 3, 5, 8,
                        new int[] {1, 2, 4});
    }

    /**
     * This budget with warm-up of at least {@code min}: GraalJS's optimizing mode on a stock JDK
     * runs the Graal compiler as ordinary Java bytecode (jargraal), which must itself be
     * JIT-compiled before it compiles JS quickly; on 2 busy cores that takes tens of seconds.
     */
    Budget withMinWarmup(Duration min) {
        return new Budget(min, min.compareTo(maxWarmup) > 0 ? min.multipliedBy(2) : maxWarmup, measure, minRuns,
                processRuns, memoryRuntimes, threadCounts);
    }

    /** Milliseconds per invocation of {@code call}, and its last result. */
    Timing time(JsEngine.PreparedCall call) {
        Object result = warmUp(call);
        int runs = 0;
        long elapsed;
        long start = System.nanoTime();
        do {
            result = call.invoke();
            runs++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < measure.toNanos() || runs < minRuns);
        return new Timing(elapsed / 1e6 / runs, result);
    }

    /** Runs {@code call} until warm (see the class comment); returns the last result. */
    Object warmUp(JsEngine.PreparedCall call) {
        Object result = null;
        long start = System.nanoTime();
        double previous = Double.MAX_VALUE;
        while (true) {
            long windowStart = System.nanoTime();
            int n = 0;
            do {
                result = call.invoke();
                n++;
            } while (System.nanoTime() - windowStart < WINDOW.toNanos());
            double perRun = (System.nanoTime() - windowStart) / (double) n;
            long warmed = System.nanoTime() - start;
            boolean improving = perRun < 0.95 * previous;
            previous = perRun;
            if (warmed >= maxWarmup.toNanos() || (warmed >= warmup.toNanos() && !improving)) {
                break;
            }
        }
        return result;
    }

    /** One measured figure: milliseconds per run and what the run returned. */
    record Timing(double ms, Object result) {
    }
}
