package dev.tocin.v8;

import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValuePromise;
import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.v8.module.V8Handles;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code resolve}/{@code reject} pair of a JS promise settled from Java that JS already holds
 * (a {@code CompletableFuture} a Java function returned; {@link LazyPromise} is the lazy kind
 * {@code createPromise} makes). Callable from any thread
 * once: the first call wins (checked with a CAS, so racing callers need no lock) and its
 * settlement runs where {@link #post} decides (the settling thread when it may run JS and the
 * isolate is free, else the loop thread), where the JS promise is resolved; later calls are
 * ignored and counted. While unsettled it keeps the loop referenced (pending Java work);
 * dropping it unsettled releases that reference when it is collected.
 */
final class PromiseSettler {
    private static final System.Logger LOG = System.getLogger(PromiseSettler.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong IGNORED = new AtomicLong();

    private final State state;

    /** What the cleaner needs, without a reference to the settler itself. */
    private record State(EventLoop loop, V8ValuePromise resolver, AtomicBoolean done) implements Runnable {
        /** Runs when the settler was collected. */
        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: a promise made from Java was dropped unsettled", loop.name());
                post(loop, this::release);
            }
        }

        void release() {
            V8Handles.release(resolver);
            loop.unref();
        }
    }

    /** Takes ownership of {@code resolver} and one {@link EventLoop#ref()} of {@code loop}. */
    PromiseSettler(EventLoop loop, V8ValuePromise resolver) {
        this.state = new State(loop, resolver, new AtomicBoolean());
        CLEANER.register(this, state);
    }

    void resolve(FFIValue value) {
        if (claim("resolve")) {
            FFIValue v = value == null ? FFIValue.UNDEFINED : value;
            post(state.loop, () -> apply(v, null));
        }
    }

    void reject(Throwable reason) {
        if (claim("reject")) {
            Throwable r = reason == null ? new NullPointerException("reject(null)") : reason;
            post(state.loop, () -> apply(null, r));
        }
    }

    /** resolve/reject calls ignored so far in this JVM because their promise was already settled. */
    static long ignoredSettlements() {
        return IGNORED.get();
    }

    private boolean claim(String what) {
        if (state.done.compareAndSet(false, true)) {
            return true;
        }
        ignored(state.loop, what);
        return false;
    }

    /** Counts and logs a resolve/reject on a promise that was already settled. */
    static void ignored(EventLoop loop, String what) {
        long ignored = IGNORED.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1} on an already settled promise ignored ({2} ignored so far)",
                loop.name(), what, ignored);
    }

    /** On the loop thread: settles the JS promise (a value that cannot cross rejects it instead). */
    private void apply(FFIValue value, Throwable failure) {
        try {
            settle(state.loop.isolate().values(), state.resolver, value, failure);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, state.loop.name() + ": settling a promise failed", e);
        } finally {
            state.release();
        }
    }

    /** Loop thread: resolves {@code resolver} with {@code value}, or rejects it with an Error made from {@code failure}. */
    static void settle(IV8Creatable v8, V8ValuePromise resolver, FFIValue value, Throwable failure)
            throws com.caoccao.javet.exceptions.JavetException {
        if (failure == null) {
            V8Value js = null;
            try {
                js = ValueConverter.toV8(v8, value);
            } catch (RuntimeException conversion) {
                failure = conversion;
            }
            if (js != null) {
                try {
                    resolver.resolve(js);
                } finally {
                    V8Handles.release(js);
                }
                return;
            }
        }
        try (var error = JsErrors.fromJava(v8, failure)) {
            resolver.reject(error);
        }
    }

    /**
     * Where every settlement from Java runs (the one place that decides; {@link LazyPromise} uses it
     * too): like a {@code CompletableFuture}'s dependent stages, on the thread that settles.
     * <ul>
     *   <li>This thread holds the isolate (the loop thread, a caller inside a JS -> Java callback,
     *       a holder waiting in {@code runUntil}): inline, as before. Inside a callback's frame V8
     *       runs no microtasks (they wait until the outermost call returns), so JS sees the same order.</li>
     *   <li>This thread may run JS (stack room, {@code Isolate.callerMayRun}), the lock is free and
     *       nothing is queued: run here under the lock, outermost, so V8 runs the microtasks (the
     *       {@code await} continuations) right after it on this thread (caller-runs for settlements).
     *       Nothing queued means it overtakes no earlier settlement and no more urgent work.</li>
     *   <li>Otherwise queued at the settling thread's priority for the loop thread (or a waiting
     *       holder); after shutdown dropped (logged), never thrown at the settling thread.</li>
     * </ul>
     */
    static void post(EventLoop loop, Runnable job) {
        if (loop.holdsIsolate()) {
            job.run();
            return;
        }
        boolean interruptedBefore = Thread.currentThread().isInterrupted();
        if (loop.runHereIfFree(() -> runLogged(loop, job))) {
            if (!interruptedBefore && loop.isStopped()) {
                // shutdown() interrupts the lock holder to end JS that blocks; that was aimed at this
                // settlement's JS, not at the thread that happened to settle (its pool, its caller).
                Thread.interrupted();
            }
            return;
        }
        try {
            loop.post(Fiber.currentPriority(), job);
        } catch (RuntimeClosedException closed) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: settlement after shutdown dropped", loop.name());
        }
    }

    /** As the loop thread runs a posted job: a failure is logged, never thrown at the settling thread. */
    private static void runLogged(EventLoop loop, Runnable job) {
        try {
            job.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "uncaught failure in a job of " + loop.name(), t);
        }
    }
}
