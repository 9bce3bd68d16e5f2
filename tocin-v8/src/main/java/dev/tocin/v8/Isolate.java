package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.interop.callback.IJavetNearHeapLimitCallback;
import com.caoccao.javet.interop.callback.IJavetPromiseRejectCallback;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.interop.monitoring.V8HeapStatistics;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueGlobalObject;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.runtime.Fiber;
import dev.tocin.v8.module.V8Handles;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The V8 isolate of one runtime and the path every call takes into it: run by the caller under the
 * isolate lock when its stack has room (StackRoom), else on the loop thread, at the caller's priority, nesting bounded, the limits that
 * guard it (execution timeout, heap limit, shutdown) turned into the public exceptions.
 *
 * <p>It owns Javet's runtime: the only class that names {@code com.caoccao.javet.interop.V8Runtime}
 * (IsolateConfinementTest), which Tocin's public {@link V8Runtime} shares a name with. The rest of
 * the code reaches V8 through what this class gives: {@link V8Access} (values, scripts, the global
 * object, callbacks) and the package-private methods the limits and the loop need (termination,
 * heap callbacks, closing). A call body receives the isolate ({@link LoopCall}).
 */
final class Isolate implements V8Access {
    private static final System.Logger LOG = System.getLogger(Isolate.class.getName());
    /**
     * How deep calls may nest on one thread (JS -> Java -> JS -> ...): far below what the V8 share of
     * a stack holds (StackRoom, NativeLibrary.V8_STACK_KB), so going deeper is a clear RangeError.
     */
    static final int MAX_REENTRY_DEPTH = 100;

    private final EventLoop loop;
    private final V8Options options;
    /**
     * Javet's runtime: written once by the loop thread when it creates the isolate, before anyone
     * else may use it; volatile for the threads that only terminate it (stop, the limits' watchdogs).
     */
    private volatile com.caoccao.javet.interop.V8Runtime v8;
    private volatile boolean closed;
    private volatile String lastError;
    // the isolate lock's holder only
    private HeapGuard heap;
    private ExecutionGuard guard = ExecutionGuard.NONE;
    /** Calls running under the isolate lock, nested ones included. */
    private int depth;

    /** A call's body: runs with the isolate, on the thread that holds its lock. */
    @FunctionalInterface
    interface LoopCall<T> {
        T run(Isolate v8) throws Exception;
    }

    /**
     * Stack a thread must have left below its first entry into this isolate to run JS itself: V8's
     * share ({@code --stack-size}) plus a reserve for the Java and native frames that run beyond
     * V8's limit (a callback, JNI, the JVM's guard zones). 40 KB was measured to be enough (docs/v8.md).
     */
    static final long RESERVE_BYTES = 160L << 10;
    /**
     * Stack a nested call (JS -> Java -> JS) needs above V8's limit for this thread: from the Java
     * call down to V8's own stack check, the Java, JNI and Javet frames and V8's entry code must
     * lie above the limit, or V8 aborts the process ({@code Check failed: IsOnCentralStack()})
     * instead of throwing its RangeError. Measured in docs/v8.md ("Re-entry at the stack limit").
     */
    static final long REENTRY_MARGIN_BYTES = Long.getLong("tocin.v8.reentryMarginKb", 64) << 10;
    /**
     * OS threads (a virtual thread's carrier) that may run JS in this isolate, each with its stack
     * pointer when it was admitted with enough room below: just above its first entry, where V8
     * fixes the thread's limit ({@code --stack-size} below). Later calls from it are safe at any
     * depth; nested ones are checked against that limit ({@link #refuseNearStackLimit}). A position
     * recorded a few frames above V8's own entry only makes the check earlier.
     */
    private final java.util.Map<Thread, Long> entries = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The OS thread admitted last: a service calling from one thread finds itself here without a
     * map lookup (the lookup was 7% of a call from another thread, measured with JFR). Only ever an
     * admitted thread, so a racy read is safe: a stale value is another admitted thread (then the map
     * answers) or a dead one that never asks. Plain, not volatile: threads taking turns rewrite it.
     */
    private Thread lastAdmitted;
    /** getcontext's buffer for the re-entry check; the lock holder only. Null without StackRoom. */
    private final java.lang.foreign.MemorySegment context = StackRoom.contextBuffer();

    Isolate(EventLoop loop, V8Options options) {
        this.loop = loop;
        this.options = options;
        loop.setCallerMayRun(this::callerMayRun);
    }

    /**
     * Whether the calling thread may run JS on its own stack: yes when its OS thread was admitted
     * before, or has enough room now (then it is admitted); no when the stack bounds cannot be read
     * (then the call hops to the loop thread).
     */
    boolean callerMayRun() {
        Thread os = StackRoom.osThread();
        if (os == null) {
            return false;
        }
        if (os == lastAdmitted) {
            return true;
        }
        if (entries.containsKey(os)) {
            lastAdmitted = os;
            return true;
        }
        var here = StackRoom.position();
        if (here == null || here.room() < ((long) NativeLibrary.v8StackKb() << 10) + RESERVE_BYTES) {
            return false;
        }
        admit(os, here.sp());
        return true;
    }

    private void admit(Thread os, long sp) {
        if (entries.size() >= 64) {
            entries.keySet().removeIf(t -> !t.isAlive()); // threads come and go; keep the map small
        }
        entries.put(os, sp);
        lastAdmitted = os;
    }

    /**
     * Refuses a call that would enter V8 less than {@link #REENTRY_MARGIN_BYTES} above this thread's
     * V8 stack limit with the RangeError V8 itself would give, before V8 is entered: JS that caught
     * a stack overflow and calls Java which calls V8 again would otherwise abort the JVM. Without
     * StackRoom (or an unrecorded thread) the call goes on as before.
     */
    private void refuseNearStackLimit(String what) {
        Thread os = StackRoom.osThread();
        Long entry = os == null ? null : entries.get(os);
        if (entry == null) {
            return;
        }
        long sp = StackRoom.stackPointer(context);
        long limit = entry - ((long) NativeLibrary.v8StackKb() << 10);
        if (sp > 0 && sp - limit < REENTRY_MARGIN_BYTES) {
            String message = "Maximum call stack size exceeded: " + what + " would enter JavaScript "
                    + Math.max(0, (sp - limit) >> 10) + " KB above this thread's V8 stack limit (JS -> Java -> JS at the"
                    + " stack limit; a nested call needs " + (REENTRY_MARGIN_BYTES >> 10) + " KB)";
            throw new JsException("RangeError", message, what, 0, 0, "", "RangeError: " + message);
        }
    }

    /** Loop thread, once: creates Javet's runtime with the heap limit and the execution timeout installed. */
    void create() throws JavetException {
        var here = StackRoom.position(); // the loop thread enters the isolate first, here
        if (here != null) {
            admit(Thread.currentThread(), here.sp());
        }
        v8 = NativeLibrary.host().createV8Runtime();
        heap = new HeapGuard(this, options.maxHeapBytes(), loop::holdsIsolate);
        heap.install();
        if (!options.timeout().isZero()) {
            var timeout = new ExecutionTimeout(options.timeout(), this);
            guard = timeout;
            loop.setGuard(timeout);
            timeout.watch();
            loop.onClose(timeout::unwatch);
        }
    }

    boolean closed() {
        return closed || loop.isStopped();
    }

    void markClosed() {
        closed = true;
    }

    String lastError() {
        return lastError;
    }

    void setLastError(String message) {
        lastError = message;
    }

    /**
     * Runs {@code body} under the isolate lock at the caller's priority, translating what V8 threw
     * (JS errors, timeouts, heap overflow) into the public exceptions and recording the outcome
     * for {@link #lastError()}.
     */
    <T> T call(String what, LoopCall<T> body) {
        return loop.call(Fiber.currentPriority(), job(what, body, loop.holdsIsolate()));
    }

    /** Like {@link #call}, but a call still queued at {@code deadlineNanos} is withdrawn and {@code late} answers. */
    <T> T callBefore(String what, long deadlineNanos, Supplier<T> late, LoopCall<T> body) {
        return loop.callBefore(Fiber.currentPriority(), job(what, body, loop.holdsIsolate()), deadlineNanos, late);
    }

    /**
     * {@code nested}: the caller already holds the isolate (it calls from a JS -> Java callback). A
     * job run by another thread than its caller's (the loop thread, or a holder that waits and
     * takes queued calls) may also start deep in that thread's stack: both get the stack check.
     * A caller's own top-level call does not (its OS thread was admitted with room to spare).
     */
    private <T> Callable<T> job(String what, LoopCall<T> body, boolean nested) {
        Thread caller = Thread.currentThread();
        return () -> {
            if (closed()) {
                throw new RuntimeClosedException(loop.name());
            }
            if (nested || Thread.currentThread() != caller) {
                refuseNearStackLimit(what);
            }
            if (depth >= MAX_REENTRY_DEPTH) {
                String message = "Maximum call nesting depth exceeded: " + what + " would be call " + (depth + 1)
                        + " nested on one thread (JS -> Java -> JS ...; the limit is " + MAX_REENTRY_DEPTH + ")";
                throw new JsException("RangeError", message, what, 0, 0, "", "RangeError: " + message);
            }
            depth++;
            try {
                T result = body.run(loop.isolate());
                lastError = null;
                return result;
            } catch (Throwable t) {
                RuntimeException e = failure(t, what);
                lastError = e.getMessage();
                throw e;
            } finally {
                depth--;
            }
        };
    }

    /**
     * Loop thread, after JS returned a value: a builtin that allocates in one go (Array.prototype.fill)
     * can return before V8 delivers the termination the heap limit asked for. The call still failed;
     * {@link #failure} reports it.
     */
    void checkHeap() {
        if (heap != null && heap.exceeded()) {
            throw new IllegalStateException("the heap limit was reached");
        }
    }

    /** The public exception for {@code t}, after dealing with a termination by a limit. Loop thread only. */
    RuntimeException failure(Throwable t, String what) {
        if (heap != null && heap.exceeded() && depth > 1) {
            // Still under the outer JS frames: the isolate cannot collect or measure now. The outermost
            // call (depth 1) does that; until then every frame unwinds with the same exception.
            return new HeapLimitException(what, heap.limit(), -1, false);
        }
        if (heap != null && heap.exceeded()) {
            var outcome = heap.afterTermination();
            if (outcome.mustClose()) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the JS heap stayed over its limit after GC; closing the runtime", loop.name());
                closed = true;
                loop.stop();
            }
            return new HeapLimitException(what, outcome.limit(), outcome.used(), outcome.mustClose());
        }
        if (guard.timedOut()) {
            return new ScriptTimeoutException(what, options.timeout());
        }
        if (loop.isStopped()) {
            return new RuntimeClosedException(loop.name()); // shutdown() terminated the running JS
        }
        if (t instanceof UnsettledAwaitException u && u.where() == null) {
            return new UnsettledAwaitException(what);
        }
        return ScriptErrors.translate(t, what);
    }

    /** Reports an error nothing caught (a timer callback, a microtask) to the configured handler. */
    void reportUncaught(Throwable t, String what) {
        RuntimeException e = failure(t, what);
        try {
            options.uncaughtErrors().accept(e);
        } catch (RuntimeException handlerFailure) {
            LOG.log(System.Logger.Level.ERROR, "the uncaught-error handler of " + loop.name() + " failed", handlerFailure);
        }
    }

    // ---- the surface to V8: the lock holder only, unless said -------------------------------------

    @Override
    public IV8Creatable values() {
        return v8;
    }

    @Override
    public IV8Executor script(String code) {
        return v8.getExecutor(code);
    }

    @Override
    public V8ValueGlobalObject globalObject() throws JavetException {
        return v8.getGlobalObject();
    }

    @Override
    public void removeCallback(JavetCallbackContext context) {
        v8.removeCallbackContext(context.getHandle());
    }

    /**
     * The isolate's module system. {@code dev.tocin.v8.module} is a layer on Javet's runtime itself
     * (its public constructor also takes a bare one, in benchmarks and tests), so it is handed over here.
     */
    dev.tocin.v8.module.ModuleSystem moduleSystem(dev.tocin.v8.module.ModuleOptions moduleOptions) {
        return new dev.tocin.v8.module.ModuleSystem(v8, moduleOptions, this::awaitTopLevel);
    }

    /** V8's version, e.g. {@code 14.7.173.18}. */
    String v8Version() {
        return v8.getVersion();
    }

    /** Where V8 reports promises rejected without a handler (and handlers added later). */
    void onPromiseReject(IJavetPromiseRejectCallback callback) {
        v8.setPromiseRejectCallback(callback);
    }

    /**
     * Ends the JS running in this isolate at V8's next interrupt check. Any thread (the limits'
     * watchdogs, stop()); a no-op before the isolate exists.
     */
    void terminateExecution() {
        var runtime = v8;
        if (runtime != null) {
            runtime.terminateExecution();
        }
    }

    /** Withdraws a termination that has not landed yet, so it cannot end the next call. Any thread. */
    void cancelTerminateExecution() {
        v8.cancelTerminateExecution();
    }

    /** The heap guard's hook: {@code null} restores the limit to the callback's default. */
    void setNearHeapLimitCallback(IJavetNearHeapLimitCallback callback) {
        v8.setNearHeapLimitCallback(callback);
    }

    /** A full garbage collection (V8's low-memory notification). */
    void lowMemoryNotification() {
        v8.lowMemoryNotification();
    }

    CompletableFuture<V8HeapStatistics> heapStatistics() {
        return v8.getV8HeapStatistics();
    }

    /** The loop thread, last: closes Javet's runtime (the close hooks ran); it is not used again. */
    void closeV8() throws JavetException {
        var runtime = v8;
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * The module system's wait for a top-level await. It ends when the promise settles or when
     * nothing is left that could settle it (no timer, no pending Java work, no queued call), which is
     * Node's "unsettled top-level await".
     */
    void awaitTopLevel(BooleanSupplier done, long deadlineNanos) {
        loop.runUntil(() -> done.getAsBoolean() || !loop.canStillSettle(), deadlineNanos);
        if (!done.getAsBoolean() && !loop.canStillSettle() && !loop.isStopped()) {
            throw new UnsettledAwaitException(null);
        }
    }

    /** Sets the global {@code dottedName} to {@code value}, creating the intermediate objects of a dotted name. */
    void setGlobal(String dottedName, V8Value value) throws JavetException {
        String[] parts = dottedName.split("\\.", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("not a valid global name: '" + dottedName + "'");
            }
        }
        V8ValueObject owner = globalObject();
        try {
            for (int i = 0; i < parts.length - 1; i++) {
                V8Value next = owner.get(parts[i]);
                if (next.isNullOrUndefined()) {
                    next = values().createV8ValueObject();
                    owner.set(parts[i], next);
                } else if (!(next instanceof V8ValueObject)) {
                    V8Handles.release(next);
                    throw new IllegalArgumentException("cannot define '" + dottedName + "': '"
                            + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + "' is not an object");
                }
                if (i > 0) {
                    V8Handles.release(owner);
                }
                owner = (V8ValueObject) next;
            }
            owner.set(parts[parts.length - 1], value);
        } finally {
            if (parts.length > 1) {
                V8Handles.release(owner);
            }
        }
    }
}
