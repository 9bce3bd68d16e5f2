package dev.tocin.bench.async;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.AsyncResult;
import dev.tocin.v8.JsPromise;
import dev.tocin.v8.V8Runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * N waiters, each {@code awaitPromise}-ing its own Java-made promise, all parked at once; then
 * every promise is resolved from one thread. Measures the heap the parked waiters hold (after
 * GC, minus the same with the promises made but nobody waiting), the platform threads alive
 * beyond those before the waiters started, and the time from the first resolve until every
 * waiter has its value.
 */
final class ConcurrentAwaits {
    /** What one run measured. */
    record Figures(double heapPerWaiterBytes, int extraThreads, double settleAllMillis) {
    }

    private ConcurrentAwaits() {
    }

    static Figures run(V8Runtime rt, ExecutorService waiters, int n) throws Exception {
        var resolvers = new ArrayList<Consumer<FFIValue>>(n);
        var promises = new ArrayList<JsPromise>(n);
        for (int i = 0; i < n; i++) {
            var slot = new AtomicReference<Consumer<FFIValue>>();
            promises.add(rt.createPromise((resolve, reject) -> slot.set(resolve)));
            resolvers.add(slot.get());
        }
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        var entered = new AtomicInteger();
        var futures = new ArrayList<Future<AsyncResult>>(n);
        for (int i = 0; i < n; i++) {
            JsPromise p = promises.get(i);
            futures.add(waiters.submit((Callable<AsyncResult>) () -> {
                entered.incrementAndGet();
                return rt.awaitPromise(p, 120_000);
            }));
        }
        while (entered.get() < n) {
            Thread.onSpinWait();
        }
        Thread.sleep(200); // let the last waiters reach their park before measuring (not a correctness wait)
        long heapWaiting = usedHeapAfterGc();
        int threadsWaiting = ManagementFactory.getThreadMXBean().getThreadCount();

        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            resolvers.get(i).accept(FFIValue.of(i));
        }
        for (int i = 0; i < n; i++) {
            AsyncResult a = futures.get(i).get();
            if (!a.isResolved() || a.value().asLong() != i) {
                throw new IllegalStateException("waiter " + i + " saw " + a);
            }
        }
        double settleMs = (System.nanoTime() - t0) / 1e6;
        return new Figures((double) (heapWaiting - heapBefore) / n, threadsWaiting - threadsBefore, settleMs);
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
