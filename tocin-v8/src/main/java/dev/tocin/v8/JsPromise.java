package dev.tocin.v8;

import com.caoccao.javet.values.reference.V8ValuePromise;
import dev.tocin.runtime.Fiber;

import java.lang.ref.Cleaner;
import java.util.concurrent.CompletableFuture;

/**
 * A JavaScript promise held from Java: made by {@link V8Runtime#createPromise} or
 * {@link V8Runtime#fromFuture}, awaited with {@link V8Runtime#awaitPromise(JsPromise, long)},
 * seen as a future through {@link V8Runtime#toFuture}, shown to JS with
 * {@link V8Runtime#exportValue(String, JsPromise)}. Thread-safe; bound to its runtime.
 */
public final class JsPromise {
    private static final Cleaner CLEANER = Cleaner.create();

    private final PromiseBridge bridge;
    private final V8ValuePromise promise; // null for a promise made from Java: see lazy
    private final LazyPromise.State lazy;
    private final CompletableFuture<Settlement> settled;

    /** How the JS promise settled: the result, and for a rejection the exception Java code throws for it. */
    record Settlement(AsyncResult result, JsException failure) {
    }

    /**
     * @param ownReference a reference of our own (loop thread), released on the loop once this handle is
     *                     unreachable, or when the runtime closes
     * @param settled      completes (on the loop thread) when the JS promise settles; exceptionally with
     *                     {@link RuntimeClosedException} if the runtime shuts down first
     */
    JsPromise(PromiseBridge bridge, V8ValuePromise ownReference, CompletableFuture<Settlement> settled) {
        this.bridge = bridge;
        this.promise = ownReference;
        this.lazy = null;
        this.settled = settled;
        bridge.hold(ownReference);
        CLEANER.register(this, new Release(bridge, ownReference, null));
    }

    /** A promise made from Java: its JS side exists once JS sees it ({@link #v8Promise()}). */
    JsPromise(PromiseBridge bridge, LazyPromise.State lazy) {
        this.bridge = bridge;
        this.promise = null;
        this.lazy = lazy;
        this.settled = lazy.mirror();
        CLEANER.register(this, new Release(bridge, null, lazy));
    }

    PromiseBridge bridge() {
        return bridge;
    }

    /** The JS promise, created now for a promise made from Java that JS had not seen; loop thread only. */
    V8ValuePromise v8Promise() throws com.caoccao.javet.exceptions.JavetException {
        return promise != null ? promise : lazy.promise();
    }

    CompletableFuture<Settlement> settled() {
        return settled;
    }

    /** Where the promise stands now, without waiting. */
    public AsyncResult result() {
        return PromiseBridge.outcome(settled);
    }

    @Override
    public String toString() {
        return "JsPromise[" + result() + "]";
    }

    /** Closes the reference on the loop thread; holds no reference to the handle itself. */
    private record Release(PromiseBridge bridge, V8ValuePromise promise, LazyPromise.State lazy) implements Runnable {
        @Override
        public void run() {
            EventLoop loop = bridge.loop();
            if (loop.isStopped()) {
                return; // released with the bridge when the runtime closed
            }
            try {
                loop.post(Fiber.Priority.BACKGROUND, () -> {
                    var reference = promise != null ? promise : lazy.promiseIfCreated();
                    if (reference != null) {
                        bridge.release(reference);
                    }
                });
            } catch (RuntimeClosedException ignored) {
                // closed in between: released with the bridge
            }
        }
    }
}
