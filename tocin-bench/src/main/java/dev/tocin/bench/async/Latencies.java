package dev.tocin.bench.async;

import java.util.Arrays;

/** Per-operation times of one implementation over every measured round. */
record Latencies(long[] nanos, long totalNanos) {
    /** Nearest-rank percentile in microseconds. */
    double percentileMicros(double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    /** Sequential operations per second (one caller, one at a time). */
    double opsPerSecond() {
        return nanos.length * 1e9 / totalNanos;
    }

    static Latencies concat(Latencies a, Latencies b) {
        if (a == null) {
            return b;
        }
        long[] all = Arrays.copyOf(a.nanos, a.nanos.length + b.nanos.length);
        System.arraycopy(b.nanos, 0, all, a.nanos.length, b.nanos.length);
        return new Latencies(all, a.totalNanos + b.totalNanos);
    }
}
