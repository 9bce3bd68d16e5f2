package dev.tocin.bench.pool;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import dev.tocin.bench.jsengines.WorkloadFiles;
import dev.tocin.bench.modules.LodashEntry;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;
import dev.tocin.v8.V8RuntimePool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code tocin bench pool}: {@link V8RuntimePool} side by side with Javet's {@code JavetEnginePool}
 * in one run. Richards throughput of a pool of 2 with 1 and 2 caller threads; how long a replaced
 * isolate takes to be ready again when its setup loads lodash-es (against a fresh runtime loading it);
 * resident memory per extra isolate; a CRITICAL fiber's latency while 8 BACKGROUND fibers keep the
 * pool saturated. GraalJS's contexts are compared in {@code tocin bench js-engines} (row
 * {@code tocin-pool} of the concurrency part), which has GraalJS on its class path.
 */
public final class PoolSuite implements BenchSuite {
    private static final String SUITE = "pool";
    private static final String RICHARDS = "2322/928";
    private static final int SIZE = 2;
    private static final int BACKGROUND = 8;

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception {
        boolean quick = options.quick();
        Duration warmUp = Duration.ofMillis(quick ? 500 : 3_000);
        Duration window = Duration.ofMillis(quick ? 1_000 : 5_000);
        Path richards = WorkloadFiles.richards();
        String richardsSource = Files.readString(richards);
        var results = new ArrayList<BenchResult>();

        try (var pool = V8RuntimePool.builder().size(SIZE).setup(rt -> rt.loadModule(richards.toString(), "richards")).build()) {
            Supplier<String> call = () -> pool.callFunction("richards", "run", FFIValue.of(1)).asString();
            double one = Throughput.measure(List.of(call), warmUp, window, RICHARDS);
            double two = Throughput.measure(List.of(call, call), warmUp, window, RICHARDS);
            progress.accept(String.format("pool: tocin richards %.0f calls/s with 1 caller, %.0f with 2", one, two));
            results.add(rate("richards-pool2-1-caller", BenchResult.TOCIN, one));
            results.add(rate("richards-pool2-2-callers", BenchResult.TOCIN, two));
            results.add(new BenchResult(SUITE, "richards-pool2-scaling", BenchResult.TOCIN, two / one, "x", true));

            results.add(new BenchResult(SUITE, "one-call-p50", BenchResult.TOCIN,
                    CriticalLatency.oneCallMicros(call, RICHARDS, quick ? 200 : 2_000), "us", false));
            var latency = CriticalLatency.measure(call, RICHARDS, BACKGROUND, quick ? 50 : 500, Duration.ofMillis(200));
            progress.accept(String.format("pool: tocin critical p50 %.0f us, background p50 %.0f us",
                    latency.criticalP50Micros(), latency.backgroundP50Micros()));
            results.addAll(latencies(BenchResult.TOCIN, latency));
        }

        try (var javet = new JavetPoolPeer(SIZE, richardsSource, "richards.mjs")) {
            Supplier<String> call = () -> javet.call("run", 1);
            double one = Throughput.measure(List.of(call), warmUp, window, RICHARDS);
            double two = Throughput.measure(List.of(call, call), warmUp, window, RICHARDS);
            progress.accept(String.format("pool: javet richards %.0f calls/s with 1 caller, %.0f with 2", one, two));
            results.add(rate("richards-pool2-1-caller", JavetPoolPeer.IMPL, one));
            results.add(rate("richards-pool2-2-callers", JavetPoolPeer.IMPL, two));
            results.add(new BenchResult(SUITE, "richards-pool2-scaling", JavetPoolPeer.IMPL, two / one, "x", true));
            results.add(new BenchResult(SUITE, "one-call-p50", JavetPoolPeer.IMPL,
                    CriticalLatency.oneCallMicros(call, RICHARDS, quick ? 200 : 2_000), "us", false));
            var latency = CriticalLatency.measure(call, RICHARDS, BACKGROUND, quick ? 50 : 500, Duration.ofMillis(200));
            progress.accept(String.format("pool: javet critical p50 %.0f us, background p50 %.0f us",
                    latency.criticalP50Micros(), latency.backgroundP50Micros()));
            results.addAll(latencies(JavetPoolPeer.IMPL, latency));
        }

        Path lodash = LodashEntry.prepare(line -> progress.accept("pool: " + line));
        int rounds = quick ? 3 : 15;
        results.add(new BenchResult(SUITE, "replaced-isolate-ready-lodash", BenchResult.TOCIN, replacementMillis(lodash, rounds, progress), "ms", false));
        results.add(new BenchResult(SUITE, "fresh-runtime-lodash", BenchResult.TOCIN, freshRuntimeMillis(lodash, rounds, progress), "ms", false));

        if (ResidentMemory.available()) {
            int extra = quick ? 2 : 4;
            results.add(new BenchResult(SUITE, "memory-per-extra-isolate-lodash", BenchResult.TOCIN,
                    tocinIsolateBytes(extra, rt -> rt.loadModule(lodash.toString(), "lodash")), "bytes", false));
            results.add(new BenchResult(SUITE, "memory-per-extra-isolate-empty", BenchResult.TOCIN,
                    tocinIsolateBytes(extra, rt -> { }), "bytes", false));
            results.add(new BenchResult(SUITE, "memory-per-extra-isolate-empty", JavetPoolPeer.IMPL,
                    javetEngineBytes(extra, richardsSource), "bytes", false));
        } else {
            progress.accept("pool: /proc/self/status is not readable here; no memory figures");
        }
        return results;
    }

    private static BenchResult rate(String name, String impl, double callsPerSecond) {
        return new BenchResult(SUITE, name, impl, callsPerSecond, "calls/s", true);
    }

    private static List<BenchResult> latencies(String impl, CriticalLatency l) {
        return List.of(
                new BenchResult(SUITE, "critical-latency-p50-" + BACKGROUND + "-background", impl, l.criticalP50Micros(), "us", false),
                new BenchResult(SUITE, "background-latency-p50-" + BACKGROUND + "-background", impl, l.backgroundP50Micros(), "us", false));
    }

    /** Median time from the call that retires an isolate (maxCallsPerRuntime 1) until its replacement, lodash-es loaded, is in service. */
    private static double replacementMillis(Path lodash, int rounds, Consumer<String> progress) throws InterruptedException {
        try (var pool = V8RuntimePool.builder().size(1).maxCallsPerRuntime(1)
                .setup(rt -> rt.loadModule(lodash.toString(), "lodash")).build()) {
            var times = new double[rounds];
            for (int i = 0; i <= rounds; i++) {
                long exports = pool.executeCode("lodashExports").asLong();
                long t0 = System.nanoTime();
                if (exports < 300) {
                    throw new IllegalStateException("lodash-es did not load completely: " + exports + " exports");
                }
                long replaced = i + 1;
                while (pool.getStats().replaced() < replaced || pool.getStats().live() < 1) {
                    if (pool.getStats().setupFailures() > 0) {
                        throw new IllegalStateException("a replacement failed: " + pool.getStats().lastSetupFailure());
                    }
                    LockSupport.parkNanos(50_000); // spinning would take a core from the replacement being measured
                }
                if (i > 0) { // round 0 warms the JIT and fills the code cache
                    times[i - 1] = (System.nanoTime() - t0) / 1e6;
                    progress.accept(String.format("pool: replaced isolate ready again in %.1f ms", times[i - 1]));
                }
            }
            return median(times);
        }
    }

    /** Median time to start a runtime without a code cache and load lodash-es: what a replacement costs without the pool. */
    private static double freshRuntimeMillis(Path lodash, int rounds, Consumer<String> progress) {
        var times = new double[rounds];
        for (int i = 0; i <= rounds; i++) {
            long t0 = System.nanoTime();
            try (var rt = new V8Runtime(V8Options.defaults())) {
                rt.loadModule(lodash.toString(), "lodash");
                if (i > 0) {
                    times[i - 1] = (System.nanoTime() - t0) / 1e6;
                    progress.accept(String.format("pool: fresh runtime with lodash-es in %.1f ms", times[i - 1]));
                }
            }
        }
        return median(times);
    }

    /** Resident memory added by {@code extra} more isolates with the setup run, beside a pool of one. */
    private static double tocinIsolateBytes(int extra, dev.tocin.v8.PoolSetup setup) throws Exception {
        try (var first = V8RuntimePool.builder().size(1).setup(setup).build()) {
            first.executeCode("1");
            long before = ResidentMemory.settledBytes();
            try (var more = V8RuntimePool.builder().size(extra).setup(setup).build()) {
                more.executeCode("1");
                return (double) (ResidentMemory.settledBytes() - before) / extra;
            }
        }
    }

    /** Resident memory added by {@code extra} more engines of a Javet pool, beside one started engine. */
    private static double javetEngineBytes(int extra, String source) throws Exception {
        try (var javet = new JavetPoolPeer(extra + 1, source, "richards.mjs")) {
            long[] before = new long[1];
            long[] after = new long[1];
            javet.touch(1, () -> before[0] = settled());
            javet.touch(extra + 1, () -> after[0] = settled());
            return (double) (after[0] - before[0]) / extra;
        }
    }

    private static long settled() {
        try {
            return ResidentMemory.settledBytes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the resident memory: " + e.getMessage(), e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
