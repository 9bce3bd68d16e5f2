package dev.tocin.bench.jsengines;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8RuntimePool;
import org.graalvm.polyglot.Engine;

/**
 * N platform threads calling {@code richards.run(1)} as fast as they can, total calls per
 * second. Tocin: one shared runtime (thread-safe: calls queue on its loop thread, so JS runs
 * one call at a time), one runtime per thread, and a V8RuntimePool with one isolate per thread
 * ({@code tocin-pool}). GraalJS: one context per thread sharing an Engine, as its users must (a
 * context entered from two threads at once throws).
 */
final class ConcurrencyBench {
    private final BenchFiles files;
    private final Budget budget;
    private final Consumer<String> progress;

    ConcurrencyBench(BenchFiles files, Budget budget, Consumer<String> progress) {
        this.files = files;
        this.budget = budget;
        this.progress = progress;
    }

    static String name(int threads) {
        return "concurrency " + threads + " threads x richards(1)";
    }

    void run(List<JsEngine.Kind> engines, Rows rows) throws Exception {
        for (int threads : budget.threadCounts()) {
            progress.accept(name(threads));
            for (JsEngine.Kind kind : engines) {
                switch (kind) {
                    case TOCIN -> {
                        try (JsEngine shared = loaded(kind.create())) {
                            var calls = new ArrayList<JsEngine.PreparedCall>();
                            for (int t = 0; t < threads; t++) {
                                calls.add(shared.prepare(Workload.RICHARDS.moduleName(), "run", 1L));
                            }
                            rows.rate(name(threads), "tocin", throughput(calls), "calls/s");
                        }
                        var own = new ArrayList<JsEngine>();
                        try {
                            for (int t = 0; t < threads; t++) {
                                own.add(loaded(kind.create()));
                            }
                            rows.rate(name(threads), "tocin-per-thread", throughput(prepared(own)), "calls/s");
                        } finally {
                            own.forEach(JsEngine::close);
                        }
                        rows.rate(name(threads), "tocin-pool", poolThroughput(threads), "calls/s");
                    }
                    case GRAALJS -> {
                        var own = new ArrayList<JsEngine>();
                        try (Engine engine = GraalJsEngine.newEngine()) {
                            try {
                                for (int t = 0; t < threads; t++) {
                                    own.add(loaded(GraalJsEngine.sharing(engine)));
                                }
                                rows.rate(name(threads), own.getFirst().impl(), throughput(prepared(own)), "calls/s");
                            } finally {
                                own.forEach(JsEngine::close);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A {@link V8RuntimePool} with one isolate per thread, every thread calling through the pool. */
    private double poolThroughput(int threads) throws Exception {
        String module = Workload.RICHARDS.moduleName();
        String file = files.script(Workload.RICHARDS.file()).toString();
        try (var pool = V8RuntimePool.builder().size(threads).setup(rt -> rt.loadModule(file, module)).build()) {
            var calls = new ArrayList<JsEngine.PreparedCall>();
            for (int t = 0; t < threads; t++) {
                calls.add(() -> pool.callFunction(module, "run", FFIValue.of(1)).asString());
            }
            return throughput(calls);
        }
    }

    private JsEngine loaded(JsEngine engine) {
        engine.load(files.script(Workload.RICHARDS.file()), Workload.RICHARDS.moduleName());
        return engine;
    }

    private static List<JsEngine.PreparedCall> prepared(List<JsEngine> engines) {
        return engines.stream().map(e -> e.prepare(Workload.RICHARDS.moduleName(), "run", 1L)).toList();
    }

    /** One thread per call: each warms up ({@link Budget#warmUp}), then all count calls during one window. */
    private double throughput(List<JsEngine.PreparedCall> calls) throws Exception {
        var start = new CyclicBarrier(calls.size() + 1);
        var stop = new CyclicBarrier(calls.size() + 1);
        var total = new AtomicLong();
        long measureNanos = budget.measure().toNanos();
        var failures = new ArrayList<Throwable>();
        var threads = new ArrayList<Thread>();
        for (JsEngine.PreparedCall call : calls) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    check(budget.warmUp(call));
                    start.await();
                    long end = System.nanoTime() + measureNanos;
                    long n = 0;
                    while (System.nanoTime() < end) {
                        check(call.invoke());
                        n++;
                    }
                    total.addAndGet(n);
                    stop.await();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    start.reset();
                    stop.reset();
                }
            }));
        }
        long elapsed = 0;
        try {
            start.await();
            long t0 = System.nanoTime();
            stop.await();
            elapsed = System.nanoTime() - t0;
        } catch (BrokenBarrierException e) {
            // a caller failed and broke the barriers: its error is reported below
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            var e = new IllegalStateException("a concurrent caller failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return total.get() / (elapsed / 1e9);
    }

    private static void check(Object result) {
        if (!"2322/928".equals(result)) {
            throw new IllegalStateException("richards(1) returned " + result);
        }
    }
}
