package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.IV8ValuePromise;
import com.caoccao.javet.values.reference.V8ValuePromise;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.module.V8Handles;

import java.lang.ref.Cleaner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A promise made from Java ({@link V8Runtime#createPromise}) whose V8 side is created only when
 * JavaScript first sees it ({@link V8Runtime#exportValue(String, JsPromise)}, a wait on the loop
 * thread). Settled and awaited from Java only, it never touches V8: a resolution with a value that
 * crosses to JS and back unchanged completes the Java mirror at once, on the resolving thread, which
 * costs what a {@code CompletableFuture} hop costs. Other values and rejections take the loop, so
 * the waiter sees exactly what JavaScript would (the value converted back, the Error made from the
 * Java exception).
 *
 * <p>{@code resolve}/{@code reject} may be called from any thread, once (a CAS decides). While
 * unsettled the promise keeps the loop referenced; dropping it unsettled releases that reference
 * when it is collected.
 */
final class LazyPromise {
    private static final System.Logger LOG = System.getLogger(LazyPromise.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();
    private static final double EXACT = 0x1p53;

    private final State state;

    /** Everything but the resolve/reject functions, so the cleaner can see when those are dropped. */
    static final class State implements Runnable {
        private final PromiseBridge bridge;
        private final CompletableFuture<JsPromise.Settlement> mirror;
        private final AtomicBoolean claimed = new AtomicBoolean();
        // guarded by this
        private V8ValuePromise resolver;
        private V8ValuePromise promise;
        private FFIValue resolvedEarly;
        private boolean finished;

        private State(PromiseBridge bridge, CompletableFuture<JsPromise.Settlement> mirror) {
            this.bridge = bridge;
            this.mirror = mirror;
        }

        CompletableFuture<JsPromise.Settlement> mirror() {
            return mirror;
        }

        /** Loop thread: the JS promise, created on first use. */
        synchronized V8ValuePromise promise() throws JavetException {
            if (promise == null) {
                var v8 = bridge.loop().isolate().values();
                resolver = v8.createV8ValuePromise();
                promise = resolver.getPromise();
                bridge.hold(promise);
                if (resolvedEarly != null) {
                    // Java resolved it before JS saw it: the JS side starts out settled the same way.
                    PromiseSettler.settle(v8, resolver, resolvedEarly, null);
                    V8Handles.release(resolver);
                    resolver = null;
                }
                // No watcher: Java settles this promise itself (apply), so it completes the mirror
                // from the JS promise's state there, without a `then` and a settle callback per promise.
            }
            return promise;
        }

        /** The JS promise if JS has seen it, for releasing the reference. */
        synchronized V8ValuePromise promiseIfCreated() {
            return promise;
        }

        /** Loop thread: settles the JS side (creating it if needed) and ends the pending work. */
        private void apply(FFIValue value, Throwable failure) {
            // Settling runs the microtasks that complete the mirror, which may wake a waiter at once:
            // the pending work ends first, so that waiter never sees it still counted.
            finish();
            try {
                promise();
                synchronized (this) {
                    if (resolver != null) {
                        var v8 = bridge.loop().isolate().values();
                        if (failure != null) {
                            // The watcher marks the rejection as handled (Java observes it), as before.
                            bridge.watchInto(promise, mirror);
                        }
                        PromiseSettler.settle(v8, resolver, value, failure);
                        V8Handles.release(resolver);
                        resolver = null;
                        if (failure == null) {
                            completeFromState();
                        }
                    }
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, bridge.loop().name() + ": settling a promise failed", e);
                mirror.completeExceptionally(e);
            } finally {
                finish();
            }
        }

        /**
         * Right after the resolver was resolved: completes the mirror as the watcher would have, from
         * what JS made of the value (fulfilled: its converted value; a value that could not cross was
         * turned into a rejection by settle; an adopted thenable still pending: watched until it settles).
         */
        private void completeFromState() throws JavetException {
            if (mirror.isDone()) {
                return;
            }
            int state = promise.getState();
            if (state == IV8ValuePromise.STATE_PENDING) {
                bridge.watchInto(promise, mirror);
                return;
            }
            try (V8Value result = promise.getResult()) {
                if (state == IV8ValuePromise.STATE_FULFILLED) {
                    try {
                        mirror.complete(PromiseBridge.fulfillment(result));
                    } catch (RuntimeException e) { // as the watcher does with a value that cannot cross
                        mirror.completeExceptionally(e);
                    }
                } else {
                    // Rejected by settle (a value with no JS form): watch it, which also marks it handled.
                    bridge.watchInto(promise, mirror);
                }
            }
        }

        /** Ends the pending work this promise counted for, once. */
        private synchronized void finish() {
            if (!finished) {
                finished = true;
                bridge.loop().unref();
            }
        }

        /** Runs when the resolve/reject functions were collected unsettled. */
        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: a promise made from Java was dropped unsettled", bridge.loop().name());
                PromiseSettler.post(bridge.loop(), () -> {
                    synchronized (this) {
                        V8Handles.release(resolver);
                        resolver = null;
                    }
                    finish();
                });
            }
        }
    }

    /** Takes one {@link EventLoop#ref()} of the bridge's loop, given back when the promise settles. */
    LazyPromise(PromiseBridge bridge, CompletableFuture<JsPromise.Settlement> mirror) {
        this.state = new State(bridge, mirror);
        CLEANER.register(this, state);
    }

    State state() {
        return state;
    }

    void resolve(FFIValue value) {
        if (!claim("resolve")) {
            return;
        }
        FFIValue v = value == null ? FFIValue.UNDEFINED : value;
        if (!crossesUnchanged(v)) {
            PromiseSettler.post(state.bridge.loop(), () -> state.apply(v, null));
            return;
        }
        boolean jsHoldsIt;
        synchronized (state) {
            jsHoldsIt = state.promise != null;
            if (!jsHoldsIt) {
                state.resolvedEarly = v; // JS that looks later gets it settled this way
                state.finish();          // before the waiter wakes, so it never sees the work still counted
            }
        }
        state.mirror.complete(new JsPromise.Settlement(AsyncResult.resolved(v), null));
        if (jsHoldsIt) {
            PromiseSettler.post(state.bridge.loop(), () -> state.apply(v, null));
        }
    }

    void reject(Throwable reason) {
        if (claim("reject")) {
            Throwable r = reason == null ? new NullPointerException("reject(null)") : reason;
            PromiseSettler.post(state.bridge.loop(), () -> state.apply(null, r));
        }
    }

    private boolean claim(String what) {
        if (state.claimed.compareAndSet(false, true)) {
            return true;
        }
        PromiseSettler.ignored(state.bridge.loop(), what);
        return false;
    }

    /** Values that JS would hand back to Java exactly as they are (see {@link ValueConverter}'s number rules). */
    private static boolean crossesUnchanged(FFIValue v) {
        return switch (v) {
            case FFIValue.Undefined u -> true;
            case FFIValue.Null n -> true;
            case FFIValue.BooleanValue b -> true;
            case FFIValue.StringValue s -> true;
            case FFIValue.IntegerValue(long l) -> Math.abs((double) l) <= EXACT;
            case FFIValue.FloatValue(double d) -> d != Math.rint(d) && Double.isFinite(d);
            default -> false;
        };
    }
}
