package dev.tocin.bench.jsengines;

import java.time.Duration;

/**
 * How long to run each measurement: warm up for {@code warmup} (at least one run), then
 * measure for at least {@code measure} and {@code minRuns} runs. The Node driver uses the
 * same rule, so every engine gets the same treatment.
 */
record Budget(Duration warmup, Duration measure, int minRuns, int processRuns, int memoryRuntimes,
        int[] threadCounts) {
    static Budget of(boolean quick) {
        return quick
                ? new Budget(Duration.ofMillis(1500), Duration.ofMillis(1500), 2, 3, 4, new int[] {2})
                : new Budget(Duration.ofSeconds(5), Duration.ofSeconds(5), 3, 5, 8, new int[] {1, 2, 4});
    }

    /** Milliseconds per invocation of {@code call}, and its last result. */
    Timing time(JsEngine.PreparedCall call) {
        Object result;
        long start = System.nanoTime();
        do {
            result = call.invoke();
        } while (System.nanoTime() - start < warmup.toNanos());
        int runs = 0;
        long elapsed;
        start = System.nanoTime();
        do {
            result = call.invoke();
            runs++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < measure.toNanos() || runs < minRuns);
        return new Timing(elapsed / 1e6 / runs, result);
    }

    /** One measured figure: milliseconds per run and what the run returned. */
    record Timing(double ms, Object result) {
    }
}
