package dev.tocin.bench.async;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.AsyncResult;
import dev.tocin.v8.JsPromise;
import dev.tocin.v8.V8Runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One promise round trip at a time, timed from the calling platform thread. A second platform
 * thread (the "resolver") takes settle actions from a transfer queue and runs them, so every
 * variant crosses the same two threads:
 * <ul>
 *   <li>{@link #floor}: a {@link CompletableFuture} completed by the resolver, joined by the caller;</li>
 *   <li>{@link #javaOnly}: {@code createPromise} -> the resolver calls {@code resolve} -> {@code awaitPromise(p)};</li>
 *   <li>{@link #jsAwait}: {@code createPromise}, {@code exportValue}, a JS async function starts
 *       awaiting it, the resolver calls {@code resolve}, Java {@code awaitPromise}s the JS function's
 *       promise (its value + 1).</li>
 * </ul>
 */
final class RoundTrip implements AutoCloseable {
    static final String MODULE = """
            export async function relay(p) { return (await p) + 1; }
            export function start() { globalThis.r = relay(globalThis.p); }
            """;
    private static final long TIMEOUT_MS = 10_000;

    private final V8Runtime rt;
    private final LinkedTransferQueue<Runnable> handoff = new LinkedTransferQueue<>();
    private final Thread resolver;

    RoundTrip(V8Runtime rt) {
        this.rt = rt;
        this.resolver = Thread.ofPlatform().daemon(true).name("bench-async-resolver").start(() -> {
            try {
                while (true) {
                    handoff.take().run();
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    Latencies floor(int n) throws Exception {
        return timed(n, i -> {
            var cf = new CompletableFuture<Long>();
            handoff.transfer(() -> cf.complete(i));
            check(cf.join(), i);
        });
    }

    Latencies javaOnly(int n) throws Exception {
        return timed(n, i -> {
            var resolve = new AtomicReference<Consumer<FFIValue>>();
            JsPromise p = rt.createPromise((res, rej) -> resolve.set(res));
            handoff.transfer(() -> resolve.get().accept(FFIValue.of(i)));
            check(settled(rt.awaitPromise(p, TIMEOUT_MS)), i);
        });
    }

    Latencies jsAwait(int n) throws Exception {
        return timed(n, i -> {
            var resolve = new AtomicReference<Consumer<FFIValue>>();
            JsPromise p = rt.createPromise((res, rej) -> resolve.set(res));
            rt.exportValue("p", p);
            rt.callFunction("bench", "start");
            handoff.transfer(() -> resolve.get().accept(FFIValue.of(i)));
            check(settled(rt.awaitPromise("r", TIMEOUT_MS)), i + 1);
        });
    }

    /** One round trip of a variant, given its sequence number (also the value it carries). */
    private interface Trip {
        void run(long i) throws Exception;
    }

    private static Latencies timed(int n, Trip trip) throws Exception {
        long[] times = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            trip.run(i);
            times[i] = System.nanoTime() - t0;
        }
        return new Latencies(times, System.nanoTime() - start);
    }

    private static long settled(AsyncResult a) {
        if (!a.isResolved()) {
            throw new IllegalStateException("round trip did not resolve: " + a);
        }
        return a.value().asLong();
    }

    private static void check(long got, long expected) {
        if (got != expected) {
            throw new IllegalStateException("round trip returned " + got + ", expected " + expected);
        }
    }

    @Override
    public void close() {
        resolver.interrupt();
    }
}
