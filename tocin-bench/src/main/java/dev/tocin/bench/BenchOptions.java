package dev.tocin.bench;

/** How a suite should run: {@code quick} trades precision for a run of well under a minute. */
public record BenchOptions(boolean quick) {
}
