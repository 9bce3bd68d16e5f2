package dev.tocin.bench.js;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.v8.V8Runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Java-to-JS calls: {@code V8Runtime.callFunction("bench", "add", a, b)} made on the runtime's
 * loop thread (from a Java function JS called), from another platform thread and from a fiber,
 * side by side with raw Javet calling the same module function on its own thread (the floor:
 * no queue, no value conversion beyond Javet's own). Per-call times are medians over rounds;
 * cross-thread rows also report the round trip's p50/p99. {@link JsBoundaryRows} adds the rows
 * that measure the isolate lock (idle calls, 4 threads at once, CRITICAL under BACKGROUND load).
 */
public final class JsCallSuite implements BenchSuite {
    static final String SUITE = "js";
    static final String RAW = "raw Javet (same thread)";
    static final String MODULE = "export function add(a, b) { return a + b; }\n"
            + "export function work(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i) % 7919; return s; }\n";

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception {
        int calls = options.quick() ? 20_000 : 200_000;
        int rounds = options.quick() ? 3 : 7;
        Path dir = Files.createTempDirectory("tocin-bench-js");
        Path module = dir.resolve("bench.mjs");
        Files.writeString(module, MODULE);
        var results = new ArrayList<BenchResult>();
        try (var rt = new V8Runtime();
             var scheduler = LightweightScheduler.builder().workers(2).name("bench-js").build()) {
            rt.loadModule(module.toString(), "bench");
            scheduler.start();
            var loopThread = new LoopThreadCalls(rt, calls);
            double[] raw = new double[rounds];
            double[] onLoop = new double[rounds];
            double[] thread = new double[rounds];
            double[] fiber = new double[rounds];
            long[] threadLatencies = new long[0];
            long[] fiberLatencies = new long[0];
            try (var javet = new RawJavet()) {
                // Warm-up: JIT-compile every path before measuring.
                javet.run(calls);
                loopThread.run();
                crossThread(rt, calls);
                for (int r = 0; r < rounds; r++) {
                    raw[r] = javet.run(calls);
                    onLoop[r] = loopThread.run();
                    long[] t = crossThread(rt, calls);
                    thread[r] = mean(t);
                    long[] f = scheduler.go(() -> timedCalls(rt, calls)).join();
                    fiber[r] = mean(f);
                    threadLatencies = t;
                    fiberLatencies = f;
                    progress.accept(String.format("js: round %d: raw %.0f ns, loop thread %.0f ns, other thread %.0f ns, fiber %.0f ns",
                            r + 1, raw[r], onLoop[r], thread[r], fiber[r]));
                }
            }
            double rawNs = median(raw);
            add(results, "call-add-loop-thread", median(onLoop), rawNs);
            add(results, "call-add-other-thread", median(thread), rawNs);
            add(results, "call-add-fiber", median(fiber), rawNs);
            Arrays.sort(threadLatencies);
            Arrays.sort(fiberLatencies);
            results.add(new BenchResult(SUITE, "round-trip-other-thread-p50", BenchResult.TOCIN, percentile(threadLatencies, 50) / 1000.0, "us", false));
            results.add(new BenchResult(SUITE, "round-trip-other-thread-p99", BenchResult.TOCIN, percentile(threadLatencies, 99) / 1000.0, "us", false));
            results.add(new BenchResult(SUITE, "round-trip-fiber-p50", BenchResult.TOCIN, percentile(fiberLatencies, 50) / 1000.0, "us", false));
            results.add(new BenchResult(SUITE, "round-trip-fiber-p99", BenchResult.TOCIN, percentile(fiberLatencies, 99) / 1000.0, "us", false));
            progress.accept("js: JS -> Java callbacks");
            JsCallbackRows.run(rt, calls, rounds, results);
            progress.accept("js: idle calls, 4 threads at once, CRITICAL under BACKGROUND load");
            JsBoundaryRows.run(rt, scheduler, options.quick(), results);
        } finally {
            Files.deleteIfExists(module);
            Files.deleteIfExists(dir);
        }
        return results;
    }

    private static void add(List<BenchResult> results, String name, double tocinNs, double rawNs) {
        results.add(new BenchResult(SUITE, name, BenchResult.TOCIN, tocinNs, "ns/call", false));
        results.add(new BenchResult(SUITE, name, RAW, rawNs, "ns/call", false));
    }

    /** Calls from the loop thread itself: a Java function that JS calls makes the calls inline. */
    private static final class LoopThreadCalls {
        private final V8Runtime rt;
        private final int calls;

        LoopThreadCalls(V8Runtime rt, int calls) {
            this.rt = rt;
            this.calls = calls;
            rt.registerFunction("benchOnLoop", args -> {
                long checksum = 0;
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    checksum += ((FFIValue.IntegerValue) rt.callFunction("bench", "add", FFIValue.of(i), FFIValue.of(1))).value();
                }
                long elapsed = System.nanoTime() - start;
                check(checksum, calls);
                return FFIValue.of(elapsed);
            });
        }

        double run() {
            long elapsed = ((FFIValue.IntegerValue) rt.evaluateExpression("benchOnLoop()")).value();
            return (double) elapsed / calls;
        }
    }

    /** Per-call round trips from a new platform thread. */
    private static long[] crossThread(V8Runtime rt, int calls) {
        var result = new CompletableFuture<long[]>();
        Thread.ofPlatform().name("bench-js-caller").start(() -> result.complete(timedCalls(rt, calls)));
        return result.join();
    }

    /** Makes {@code calls} calls from the current thread or fiber; returns each round trip in ns. */
    static long[] timedCalls(V8Runtime rt, int calls) {
        long[] latencies = new long[calls];
        long checksum = 0;
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            var r = (FFIValue.IntegerValue) rt.callFunction("bench", "add", FFIValue.of(i), FFIValue.of(1));
            latencies[i] = System.nanoTime() - start;
            checksum += r.value();
        }
        check(checksum, calls);
        return latencies;
    }

    /** The sum of {@code i + 1} over {@code calls} calls, as every row's loop computes it. */
    static void check(long checksum, int calls) {
        long expected = (long) calls * (calls - 1) / 2 + calls;
        if (checksum != expected) {
            throw new IllegalStateException("wrong results: checksum " + checksum + ", expected " + expected);
        }
    }

    static double mean(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return (double) sum / values.length;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The p-th percentile of sorted values (nearest rank). */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
