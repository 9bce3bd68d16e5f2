package dev.tocin.bench.pool;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.Fiber.Priority;
import dev.tocin.runtime.LightweightScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * A CRITICAL fiber's call latency while BACKGROUND fibers keep the pool saturated (each calling
 * in a loop, so most of them are always queued), with the BACKGROUND calls' own latency beside it.
 *
 * @param criticalP50Micros   median latency of the CRITICAL fiber's calls (waiting + running)
 * @param backgroundP50Micros median latency of the BACKGROUND fibers' calls in the same run
 */
record CriticalLatency(double criticalP50Micros, double backgroundP50Micros) {
    private static final int MAX_SAMPLES = 100_000;

    static CriticalLatency measure(Supplier<String> call, String expected, int background, int criticalCalls,
                                   Duration settle) throws Exception {
        // A worker per fiber: a peer whose calls never park (Javet runs JS on the calling thread) would
        // otherwise keep every worker busy and the CRITICAL fiber would wait for a worker, not the pool.
        var scheduler = LightweightScheduler.builder().name("pool-bench").workers(background + 1).build();
        scheduler.start();
        try (scheduler) {
            var stop = new AtomicBoolean();
            var fibers = new ArrayList<Fiber<long[]>>();
            for (int i = 0; i < background; i++) {
                fibers.add(scheduler.goWithPriority(Priority.BACKGROUND, () -> {
                    var samples = new long[MAX_SAMPLES];
                    int n = 0;
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        Throughput.check(call.get(), expected);
                        if (n < samples.length) {
                            samples[n++] = System.nanoTime() - t0;
                        }
                    }
                    return Arrays.copyOf(samples, n);
                }));
            }
            Thread.sleep(settle.toMillis());
            var critical = scheduler.goWithPriority(Priority.CRITICAL, () -> {
                var latencies = new long[criticalCalls];
                for (int i = 0; i < criticalCalls; i++) {
                    long t0 = System.nanoTime();
                    Throughput.check(call.get(), expected);
                    latencies[i] = System.nanoTime() - t0;
                    Thread.sleep(1); // lets the BACKGROUND callers refill the queue
                }
                return latencies;
            });
            long[] criticalLatencies;
            try {
                criticalLatencies = critical.get(10, TimeUnit.MINUTES);
            } finally {
                stop.set(true);
            }
            var backgroundLatencies = LongStream.empty();
            for (var f : fibers) {
                backgroundLatencies = LongStream.concat(backgroundLatencies, Arrays.stream(f.get(10, TimeUnit.MINUTES)));
            }
            return new CriticalLatency(median(criticalLatencies) / 1e3, median(backgroundLatencies.toArray()) / 1e3);
        }
    }

    /** Median latency of single calls with nothing else running: what one call costs. */
    static double oneCallMicros(Supplier<String> call, String expected, int calls) {
        var latencies = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            Throughput.check(call.get(), expected);
            latencies[i] = System.nanoTime() - t0;
        }
        return median(latencies) / 1e3;
    }

    private static double median(long[] values) {
        if (values.length == 0) {
            throw new IllegalStateException("no calls were measured");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
