package dev.tocin.bench.js;

import dev.tocin.bench.BenchResult;
import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.v8.V8Runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static dev.tocin.bench.js.JsCallSuite.RAW;
import static dev.tocin.bench.js.JsCallSuite.SUITE;
import static dev.tocin.bench.js.JsCallSuite.percentile;

/**
 * The rows of issue 13's table that measure the isolate lock rather than one caller in a loop:
 * a single call on an idle runtime from another thread (1 ms apart, what a service sees) against
 * raw Javet idle; 4 threads calling at once (total throughput) against raw Javet on one thread;
 * a CRITICAL call while 4 BACKGROUND fibers each run ~300 us of JS per call, against one such
 * BACKGROUND call alone.
 */
final class JsBoundaryRows {
    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int FOUR_THREAD_ROUNDS = 3;

    private JsBoundaryRows() {
    }

    static void run(V8Runtime rt, LightweightScheduler scheduler, boolean quick, List<BenchResult> results) throws Exception {
        idle(rt, quick ? 300 : 2_000, results);
        fourThreads(rt, quick ? 20_000 : 200_000, results);
        criticalUnderBackground(rt, scheduler, quick ? 300 : 2_000, results);
    }

    /** One call every millisecond from another platform thread, against raw Javet doing the same on its own thread. */
    private static void idle(V8Runtime rt, int calls, List<BenchResult> results) throws Exception {
        var tocin = new CompletableFuture<long[]>();
        Thread.ofPlatform().name("bench-js-idle").start(() -> tocin.complete(spaced(calls,
                i -> rt.callFunction("bench", "add", FFIValue.of(i), FFIValue.of(1)))));
        long[] t = tocin.join();
        long[] raw;
        try (var javet = new RawJavet()) {
            raw = spaced(calls, i -> javet.add(i));
        }
        addPercentiles(results, "call-idle-other-thread", t, raw);
    }

    /** Nanoseconds for 4 platform threads to make {@code each} calls apiece, all at once. */
    private static long fourThreadsAtOnce(V8Runtime rt, int each) throws InterruptedException {
        var threads = new ArrayList<Thread>();
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().name("bench-js-four-" + i).start(() -> JsCallSuite.timedCalls(rt, each)));
        }
        for (var th : threads) {
            th.join();
        }
        return System.nanoTime() - start;
    }

    /**
     * 4 platform threads calling at once: ns per call of the total, against raw Javet's calls on one
     * thread; both warmed up, then the median of {@link #FOUR_THREAD_ROUNDS} interleaved rounds each
     * (one round of either swung by a third between runs on a quiet machine).
     */
    private static void fourThreads(V8Runtime rt, int calls, List<BenchResult> results) throws Exception {
        int each = calls / 4;
        double[] tocin = new double[FOUR_THREAD_ROUNDS];
        double[] raw = new double[FOUR_THREAD_ROUNDS];
        try (var javet = new RawJavet()) {
            fourThreadsAtOnce(rt, each); // warm-up: the contended path is compiled too
            for (int i = 0; i < each; i++) {
                javet.add(i);
            }
            for (int r = 0; r < FOUR_THREAD_ROUNDS; r++) {
                tocin[r] = (double) fourThreadsAtOnce(rt, each) / (4L * each);
                long s = System.nanoTime();
                for (int i = 0; i < 4 * each; i++) {
                    javet.add(i);
                }
                raw[r] = (double) (System.nanoTime() - s) / (4L * each);
            }
        }
        results.add(new BenchResult(SUITE, "four-threads-ns-per-call", BenchResult.TOCIN, JsCallSuite.median(tocin), "ns/call", false));
        results.add(new BenchResult(SUITE, "four-threads-ns-per-call", RAW + ", one thread", JsCallSuite.median(raw), "ns/call", false));
    }

    /**
     * CRITICAL calls of {@code add} (1 ms apart) while 4 BACKGROUND fibers call {@code work(n)}, n
     * calibrated to ~300 us, back to back; the reference is one such BACKGROUND call alone.
     */
    private static void criticalUnderBackground(V8Runtime rt, LightweightScheduler scheduler, int calls,
                                                List<BenchResult> results) throws Exception {
        long n = 1_000;
        long[] alone;
        while (true) {
            long size = n;
            alone = spaced(50, i -> rt.callFunction("bench", "work", FFIValue.of(size)));
            Arrays.sort(alone);
            if (percentile(alone, 50) >= 300_000 || n > 1L << 32) {
                break;
            }
            n *= 2;
        }
        long size = n;
        var stop = new AtomicBoolean();
        var background = new ArrayList<Fiber<Void>>();
        for (int i = 0; i < 4; i++) {
            background.add(scheduler.goWithPriority(Fiber.Priority.BACKGROUND, () -> {
                while (!stop.get()) {
                    rt.callFunction("bench", "work", FFIValue.of(size));
                }
            }));
        }
        long[] critical;
        try {
            critical = scheduler.goWithPriority(Fiber.Priority.CRITICAL,
                    () -> spaced(calls, i -> rt.callFunction("bench", "add", FFIValue.of(i), FFIValue.of(1)))).join();
        } finally {
            stop.set(true);
            for (var f : background) {
                f.join();
            }
        }
        Arrays.sort(critical);
        results.add(new BenchResult(SUITE, "critical-with-4-background-p50", BenchResult.TOCIN, percentile(critical, 50) / 1000.0, "us", false));
        results.add(new BenchResult(SUITE, "critical-with-4-background-p99", BenchResult.TOCIN, percentile(critical, 99) / 1000.0, "us", false));
        results.add(new BenchResult(SUITE, "one-background-call-p50", BenchResult.TOCIN, percentile(alone, 50) / 1000.0, "us", false));
    }

    @FunctionalInterface
    private interface Call {
        Object call(int i) throws Exception;
    }

    /** {@code calls} calls, each about 1 ms after the previous one ended; each call's time in ns. */
    private static long[] spaced(int calls, Call call) {
        long[] latencies = new long[calls];
        try {
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                call.call(i);
                latencies[i] = System.nanoTime() - start;
                long until = System.nanoTime() + GAP_NANOS;
                while (System.nanoTime() - until < 0) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return latencies;
    }

    private static void addPercentiles(List<BenchResult> results, String name, long[] tocin, long[] raw) {
        Arrays.sort(tocin);
        Arrays.sort(raw);
        for (int p : new int[] {50, 99}) {
            results.add(new BenchResult(SUITE, name + "-p" + p, BenchResult.TOCIN, percentile(tocin, p) / 1000.0, "us", false));
            results.add(new BenchResult(SUITE, name + "-p" + p, RAW, percentile(raw, p) / 1000.0, "us", false));
        }
    }

    /** Raw Javet calling the module's {@code add} on the caller's thread. */
}
