package dev.tocin.bench.async;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.v8.V8Runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The async bridge: promise round trips across two threads against a plain
 * {@code CompletableFuture} hop between the same two threads (the floor), and many waiters
 * parked on promises at once, from Tocin fibers and from JDK virtual threads.
 */
public final class AsyncSuite implements BenchSuite {
    static final String SUITE = "async";
    static final String FLOOR = "CompletableFuture hop (2 platform threads)";
    static final String VIRTUAL = "JDK virtual threads";

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception {
        int perRound = options.quick() ? 500 : 3000;
        int rounds = options.quick() ? 3 : 5;
        int waiters = 10_000;
        var results = new ArrayList<BenchResult>();
        Path dir = Files.createTempDirectory("tocin-bench-async");
        Path module = dir.resolve("bench.mjs");
        Files.writeString(module, RoundTrip.MODULE);
        try (var rt = new V8Runtime(); var trip = new RoundTrip(rt)) {
            rt.initialize();
            rt.loadModule(module.toString(), "bench");
            // Warm-up round for every variant, then interleaved measured rounds.
            trip.floor(perRound);
            trip.javaOnly(perRound);
            trip.jsAwait(perRound);
            Latencies floor = null;
            Latencies javaOnly = null;
            Latencies jsAwait = null;
            for (int r = 0; r < rounds; r++) {
                Latencies f = trip.floor(perRound);
                Latencies j = trip.javaOnly(perRound);
                Latencies s = trip.jsAwait(perRound);
                progress.accept(String.format("async: round %d: p50 floor %.1f us, java-only %.1f us, js-await %.1f us",
                        r + 1, f.percentileMicros(50), j.percentileMicros(50), s.percentileMicros(50)));
                floor = Latencies.concat(floor, f);
                javaOnly = Latencies.concat(javaOnly, j);
                jsAwait = Latencies.concat(jsAwait, s);
            }
            addRoundTrip(results, "roundtrip-java-only", javaOnly, floor);
            addRoundTrip(results, "roundtrip-js-await", jsAwait, floor);

            try (var scheduler = LightweightScheduler.builder().workers(2).name("bench-async").build()) {
                scheduler.start();
                var fibers = ConcurrentAwaits.run(rt, scheduler, waiters);
                progress.accept(String.format("async: %d fibers awaiting: %.0f B/waiter, %d extra threads, settle %.1f ms",
                        waiters, fibers.heapPerWaiterBytes(), fibers.extraThreads(), fibers.settleAllMillis()));
                try (var virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
                    var virtual = ConcurrentAwaits.run(rt, virtualThreads, waiters);
                    progress.accept(String.format("async: %d virtual threads awaiting: %.0f B/waiter, %d extra threads, settle %.1f ms",
                            waiters, virtual.heapPerWaiterBytes(), virtual.extraThreads(), virtual.settleAllMillis()));
                    addWaiters(results, waiters, BenchResult.TOCIN, fibers);
                    addWaiters(results, waiters, VIRTUAL, virtual);
                }
            }
        } finally {
            Files.deleteIfExists(module);
            Files.deleteIfExists(dir);
        }
        return results;
    }

    private static void addRoundTrip(List<BenchResult> results, String name, Latencies tocin, Latencies floor) {
        for (var impl : List.of(BenchResult.TOCIN, FLOOR)) {
            Latencies l = impl.equals(FLOOR) ? floor : tocin;
            results.add(new BenchResult(SUITE, name + "-p50", impl, l.percentileMicros(50), "us", false));
            results.add(new BenchResult(SUITE, name + "-p99", impl, l.percentileMicros(99), "us", false));
            results.add(new BenchResult(SUITE, name + "-throughput", impl, l.opsPerSecond(), "ops/s", true));
        }
    }

    private static void addWaiters(List<BenchResult> results, int n, String impl, ConcurrentAwaits.Figures f) {
        String name = "await-" + n / 1000 + "k";
        results.add(new BenchResult(SUITE, name + "-heap-per-waiter", impl, f.heapPerWaiterBytes(), "bytes", false));
        results.add(new BenchResult(SUITE, name + "-extra-threads", impl, f.extraThreads(), "threads", false));
        results.add(new BenchResult(SUITE, name + "-settle-all", impl, f.settleAllMillis(), "ms", false));
    }
}
