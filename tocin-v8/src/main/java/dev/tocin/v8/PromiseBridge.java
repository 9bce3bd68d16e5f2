package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.IV8ValueReference;
import com.caoccao.javet.values.reference.IV8ValuePromise;
import com.caoccao.javet.values.primitive.V8ValueBoolean;
import com.caoccao.javet.values.primitive.V8ValueDouble;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValuePromise;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.module.V8Handles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The async bridge of one runtime: Java-made promises, waiting for JS promises from Java, and
 * the conversions between promises and {@link CompletableFuture}s.
 *
 * <p>Every watched JS promise has a Java mirror, a {@code CompletableFuture} completed on the
 * loop thread by a {@code then} callback. Java waits on the mirror, so a waiting thread or
 * fiber parks (no busy-waiting, no lock held) and the loop thread is never blocked; a wait on
 * the loop thread itself keeps the loop running ({@link EventLoop#runUntil}). When the runtime
 * shuts down, every mirror still pending fails with {@link RuntimeClosedException}.
 */
final class PromiseBridge {
    private static final System.Logger LOG = System.getLogger(PromiseBridge.class.getName());
    /** A global binding or a dotted path through globals: {@code p}, {@code app.jobs.current}. */
    private static final Pattern BINDING = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
    /** Attaches our settle callback to a promise without allocating Java callbacks per promise. */
    private static final String WATCHER_SOURCE =
            "(settle) => (p, id) => { p.then(v => settle(id, true, v), e => settle(id, false, e)); }";
    /**
     * Reads a global binding or dotted path by name. An indirect {@code eval} sees exactly what a
     * script of that name sees (script-level {@code let}/{@code const}, getters, ReferenceError when
     * unbound) but V8 caches its compilation per source, where a script per call compiles again.
     * Captured when the isolate is made, so JS that later replaces {@code eval} does not change it.
     */
    private static final String READER_SOURCE = "((indirect) => (name) => indirect(name))(globalThis.eval)";

    private final V8Runtime runtime;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, CompletableFuture<JsPromise.Settlement>> watched = new ConcurrentHashMap<>();
    /** Mirrors of promises made from Java that are not settled yet (JS may never have seen them). */
    private final Set<CompletableFuture<JsPromise.Settlement>> lazyPending = ConcurrentHashMap.newKeySet();
    /** The last name that passed {@link #checkName}; any thread, a benign race (at worst a check again). */
    private volatile String lastCheckedName;
    private volatile Consumer<JsException> unhandledHandler = this::logUnhandled;
    // loop thread only
    private V8ValueFunction watcher;
    private V8ValueFunction reader;
    private JavetCallbackContext settleContext;
    private UnhandledRejections unhandled;
    private Isolate isolate;
    /** References held by live JsPromise handles, released at close so the isolate closes clean. */
    private final Set<V8ValuePromise> held = Collections.newSetFromMap(new IdentityHashMap<>());

    PromiseBridge(V8Runtime runtime) {
        this.runtime = runtime;
    }

    EventLoop loop() {
        return runtime.loop();
    }

    /** Loop thread, when the isolate is created: installs the watcher and the promise-reject callback. */
    void start(Isolate isolate) throws JavetException {
        this.isolate = isolate;
        IJavetDirectCallable.NoThisAndNoResult<Exception> settle = this::settle;
        settleContext = new JavetCallbackContext("settle", JavetCallbackType.DirectCallNoThisAndNoResult, settle);
        try (V8ValueFunction factory = isolate.script(WATCHER_SOURCE).setResourceName("tocin:promise-watcher").execute();
             V8ValueFunction settleFunction = isolate.values().createV8ValueFunction(settleContext)) {
            watcher = factory.call(null, settleFunction);
        }
        reader = isolate.script(READER_SOURCE).setResourceName("tocin:global-reader").execute();
        unhandled = new UnhandledRejections(loop(), () -> unhandledHandler);
        isolate.onPromiseReject(unhandled::onReject);
        loop().onClose(this::close);
    }

    void onUnhandledRejection(Consumer<JsException> handler) {
        this.unhandledHandler = Objects.requireNonNull(handler, "handler");
    }

    /** Promises watched from Java that have not settled yet. */
    int watchedCount() {
        return watched.size();
    }

    /** Loop thread: a JsPromise took this reference. */
    void hold(V8ValuePromise reference) {
        held.add(reference);
    }

    /** Loop thread: the JsPromise holding this reference was collected. */
    void release(V8ValuePromise reference) {
        if (held.remove(reference)) {
            V8Handles.release(reference);
        }
    }

    // ---- Java-made promises ---------------------------------------------------------------

    /** No hop to the loop: the V8 side is made when JS first sees the promise ({@link LazyPromise}). */
    JsPromise create(PromiseExecutor executor) {
        Objects.requireNonNull(executor, "executor");
        runtime.initialize();
        if (runtime.isClosed()) {
            throw new RuntimeClosedException(loop().name());
        }
        var mirror = new CompletableFuture<JsPromise.Settlement>();
        lazyPending.add(mirror);
        mirror.whenComplete((settlement, failure) -> lazyPending.remove(mirror));
        loop().ref();
        var settler = new LazyPromise(this, mirror);
        var promise = new JsPromise(this, settler.state());
        if (loop().isStopped()) {
            // Lost the race with shutdown(): its close may already have failed the pending mirrors.
            mirror.completeExceptionally(new RuntimeClosedException(loop().name()));
        }
        try {
            executor.execute(settler::resolve, settler::reject);
        } catch (Exception e) {
            settler.reject(e);
        }
        return promise;
    }

    JsPromise fromFuture(CompletableFuture<?> future) {
        Objects.requireNonNull(future, "future");
        return create((resolve, reject) -> forward(future, resolve, reject));
    }

    /** Settles with what {@code future} completes with: its value as {@code FFIValue.fromJava}, or its unwrapped failure. */
    private static void forward(CompletableFuture<?> future, Consumer<FFIValue> resolve, Consumer<Throwable> reject) {
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                reject.accept(JsErrors.unwrap(failure));
                return;
            }
            FFIValue converted;
            try {
                converted = FFIValue.fromJava(value);
            } catch (IllegalArgumentException e) {
                reject.accept(e);
                return;
            }
            resolve.accept(converted);
        });
    }

    /**
     * Loop thread: a JS promise settled when {@code future} completes (a Java function's result seen
     * from JS). Keeps the loop referenced until then. The caller owns the returned promise.
     */
    static V8Value toV8Promise(EventLoop loop, IV8Creatable v8, CompletableFuture<?> future)
            throws JavetException {
        V8ValuePromise resolver = v8.createV8ValuePromise();
        V8ValuePromise promise;
        try {
            promise = resolver.getPromise();
        } catch (JavetException | RuntimeException e) {
            V8Handles.release(resolver);
            throw e;
        }
        loop.ref();
        var settler = new PromiseSettler(loop, resolver);
        forward(future, settler::resolve, settler::reject);
        return promise;
    }

    // ---- watching JS promises -------------------------------------------------------------

    /** Loop thread: the mirror of {@code promise}, completed by its {@code then} callbacks. */
    CompletableFuture<JsPromise.Settlement> watch(V8ValuePromise promise) throws JavetException {
        return watchInto(promise, new CompletableFuture<>());
    }

    /** Loop thread: completes {@code mirror} when {@code promise} settles. */
    CompletableFuture<JsPromise.Settlement> watchInto(V8ValuePromise promise, CompletableFuture<JsPromise.Settlement> mirror)
            throws JavetException {
        long id = ids.incrementAndGet();
        watched.put(id, mirror);
        try (V8Value ignored = watcher.call(null, promise, promise.getV8Runtime().createV8ValueDouble(id))) {
            return mirror;
        } catch (JavetException | RuntimeException e) {
            watched.remove(id);
            throw e;
        }
    }

    /** The watcher's callback, in a microtask on the loop thread: {@code (id, fulfilled, value)}. */
    private void settle(V8Value... args) {
        long id = switch (args[0]) {
            case V8ValueInteger i -> i.getValue();
            case V8ValueDouble d -> d.getValue().longValue();
            default -> throw new IllegalStateException("promise watcher called with id " + args[0]);
        };
        var mirror = watched.remove(id);
        if (mirror == null) {
            return;
        }
        boolean fulfilled = ((V8ValueBoolean) args[1]).getValue();
        V8Value value = args[2];
        if (fulfilled) {
            try {
                mirror.complete(fulfillment(value));
            } catch (RuntimeException e) {
                mirror.completeExceptionally(e);
            }
            return;
        }
        mirror.complete(rejection(value));
    }

    /** A fulfilment with {@code value}; a value that cannot cross to Java is an IllegalArgumentException. */
    static JsPromise.Settlement fulfillment(V8Value value) {
        try {
            return new JsPromise.Settlement(AsyncResult.resolved(ValueConverter.toFFI(value)), null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the promise resolved to a value that cannot cross to Java: " + e.getMessage(), e);
        }
    }

    private static JsPromise.Settlement rejection(V8Value reason) {
        JsException error = ScriptErrors.fromValue(reason);
        FFIValue converted;
        try {
            converted = ValueConverter.toFFI(reason);
        } catch (RuntimeException e) {
            converted = FFIValue.UNDEFINED;
        }
        return new JsPromise.Settlement(AsyncResult.rejected(JsError.of(error), converted), error);
    }

    private void close() {
        var closed = new RuntimeClosedException(loop().name());
        watched.values().forEach(m -> m.completeExceptionally(closed));
        watched.clear();
        lazyPending.forEach(m -> m.completeExceptionally(closed));
        if (unhandled != null) {
            unhandled.close();
        }
        held.forEach(V8Handles::release);
        held.clear();
        if (watcher != null) {
            V8Handles.release(watcher);
            isolate.removeCallback(settleContext);
            watcher = null;
        }
        if (reader != null) {
            V8Handles.release(reader);
            reader = null;
        }
    }

    // ---- waiting --------------------------------------------------------------------------

    AsyncResult await(String name, long timeoutMs) {
        long deadline = deadline(timeoutMs);
        if (loop().holdsIsolate()) {
            // Perhaps inside a JS call: the wait needs the promise itself (waitOnLoop).
            JsPromise promise = lookup(name, deadline);
            return promise == null ? AsyncResult.pending() : waitFor(promise, deadline);
        }
        checkName(name);
        // The lookup takes the isolate: while it is busy, the deadline covers the wait for it too.
        var mirror = runtime.onLoopBefore("looking up " + name, deadline, () -> null, v8 -> {
            V8Value value = read(v8, name);
            try {
                return settledOrWatched(value);
            } finally {
                V8Handles.release(value);
            }
        });
        return mirror == null ? AsyncResult.pending() : waitFor(mirror, deadline);
    }

    /**
     * With the isolate, for a caller that waits off the isolate: the mirror of {@code await value},
     * completed already when the outcome is known without running JS, else completed by a watch.
     * A fulfilled promise or a primitive needs no watcher, no held reference and no cleaner. A
     * rejected promise still gets the watcher: attaching a handler is what marks the rejection as
     * handled for the unhandled-rejection report, as before. Objects that are not promises go through
     * a resolver, which adopts a thenable as {@code await} does.
     */
    private CompletableFuture<JsPromise.Settlement> settledOrWatched(V8Value value) throws JavetException {
        if (value instanceof V8ValuePromise p) {
            if (p.getState() == IV8ValuePromise.STATE_FULFILLED) {
                try (V8Value result = p.getResult()) {
                    return settledWith(result);
                }
            }
            return watch(p);
        }
        if (!(value instanceof IV8ValueReference)) { // undefined, null, numbers, strings, booleans, bigints
            return settledWith(value);
        }
        try (V8ValuePromise resolver = value.getV8Runtime().createV8ValuePromise()) {
            resolver.resolve(value);
            try (V8ValuePromise p = resolver.getPromise()) {
                return watch(p);
            }
        }
    }

    /** A mirror already completed as the watcher would complete it for a promise fulfilled with {@code value}. */
    private static CompletableFuture<JsPromise.Settlement> settledWith(V8Value value) {
        try {
            return CompletableFuture.completedFuture(fulfillment(value));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The global {@code name} through the cached reader; nothing bound is an IllegalArgumentException. */
    private V8Value read(Isolate v8, String name) throws JavetException {
        try {
            return reader.call(null, v8.values().createV8ValueString(name));
        } catch (Exception e) {
            if (ScriptErrors.translate(e, name) instanceof JsException js && "ReferenceError".equals(js.name())) {
                throw new IllegalArgumentException("nothing named '" + name + "' is defined in " + loop().name(), e);
            }
            throw e;
        }
    }

    private void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.equals(lastCheckedName)) {
            return; // a caller awaiting the same name again skips the regex
        }
        if (!BINDING.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a global name (an identifier, or identifiers joined by dots)");
        }
        lastCheckedName = name;
    }

    /**
     * A handle to the promise bound to {@code name}; a value that is not a promise gives a promise
     * already resolved with it, as {@code await value} sees it in JS.
     */
    JsPromise promise(String name) {
        return lookup(name, Long.MAX_VALUE);
    }

    /** {@link #promise(String)}, or {@code null} when the loop did not get to the lookup before the deadline. */
    private JsPromise lookup(String name, long deadline) {
        checkName(name);
        return runtime.onLoopBefore("looking up " + name, deadline, () -> null, v8 -> {
            V8Value value = read(v8, name);
            if (value instanceof V8ValuePromise p) {
                try {
                    return new JsPromise(this, p, watch(p)); // the handle owns the reference now
                } catch (JavetException | RuntimeException e) {
                    V8Handles.release(p);
                    throw e;
                }
            }
            try (value) {
                try (V8ValuePromise resolver = v8.values().createV8ValuePromise()) {
                    resolver.resolve(value);
                    V8ValuePromise p = resolver.getPromise();
                    return new JsPromise(this, p, watch(p));
                }
            }
        });
    }

    AsyncResult await(JsPromise promise, long timeoutMs) {
        return waitFor(own(promise), deadline(timeoutMs));
    }

    /** Waits for all with one shared deadline; like {@code Promise.allSettled}, in order. */
    List<AsyncResult> awaitAll(List<JsPromise> promises, long timeoutMs) {
        long deadline = deadline(timeoutMs);
        promises.forEach(this::own);
        var results = new ArrayList<AsyncResult>(promises.size());
        for (var p : promises) {
            results.add(waitFor(p, deadline));
        }
        return results;
    }

    CompletableFuture<FFIValue> toFuture(JsPromise promise) {
        var future = new CompletableFuture<FFIValue>();
        own(promise).settled().whenComplete((settlement, failure) -> {
            if (failure != null) {
                future.completeExceptionally(JsErrors.unwrap(failure));
            } else if (settlement.failure() != null) {
                future.completeExceptionally(settlement.failure());
            } else {
                future.complete(settlement.result().value());
            }
        });
        return future;
    }

    void export(String name, JsPromise promise) {
        own(promise);
        runtime.onLoop("exporting " + name, v8 -> {
            v8.setGlobal(name, promise.v8Promise());
            return null;
        });
    }

    private JsPromise own(JsPromise promise) {
        Objects.requireNonNull(promise, "promise");
        if (promise.bridge() != this) {
            throw new IllegalArgumentException("the promise belongs to another runtime (" + promise.bridge().loop().name()
                    + "), not to " + loop().name());
        }
        return promise;
    }

    private static long deadline(long timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeout must be >= 0 ms, got " + timeoutMs);
        }
        long now = System.nanoTime();
        long deadline = now + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        return deadline < now ? Long.MAX_VALUE : deadline;
    }

    /** Parks the caller (never spins, never holds a lock); on the loop thread keeps the loop running instead. */
    private AsyncResult waitFor(JsPromise promise, long deadline) {
        if (loop().holdsIsolate()) {
            return waitOnLoop(promise, deadline);
        }
        return waitFor(promise.settled(), deadline);
    }

    /** Off the isolate: parks on the mirror until it completes or the deadline passes. */
    private static AsyncResult waitFor(CompletableFuture<JsPromise.Settlement> mirror, long deadline) {
        if (!mirror.isDone()) {
            try {
                mirror.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // pending, or failed: outcome() says which
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // report what stands now; the flag tells the caller why
            }
        }
        return outcome(mirror);
    }

    /**
     * On the loop thread, perhaps inside a JS call (a Java function JS called): microtasks do not
     * run until that call returns, so the mirror may never complete here. Watch the promise's own
     * state instead, which changes as soon as a queued job resolves it.
     */
    private AsyncResult waitOnLoop(JsPromise promise, long deadline) {
        V8ValuePromise p;
        try {
            p = promise.v8Promise();
        } catch (JavetException e) {
            throw new IllegalStateException("creating the JS side of a promise failed: " + e.getMessage(), e);
        }
        loop().runUntilSettled(p, promise.settled()::isDone, deadline);
        if (promise.settled().isDone() || loop().isStopped()) {
            return outcome(promise.settled());
        }
        try {
            if (p.isPending()) {
                return AsyncResult.pending();
            }
            try (V8Value value = p.getResult()) {
                if (p.isFulfilled()) {
                    return AsyncResult.resolved(ValueConverter.toFFI(value));
                }
                return rejection(value).result();
            }
        } catch (JavetException e) {
            throw new IllegalStateException("reading a settled promise failed: " + e.getMessage(), e);
        }
    }

    /** What a mirror says now: pending, settled, or rejected because the runtime shut down. */
    static AsyncResult outcome(CompletableFuture<JsPromise.Settlement> mirror) {
        if (!mirror.isDone()) {
            return AsyncResult.pending();
        }
        try {
            return mirror.join().result();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = JsErrors.unwrap(e);
            if (cause instanceof RuntimeClosedException closed) {
                return AsyncResult.rejected(new JsError("RuntimeClosedException",
                        closed.getMessage() + " before the promise settled", ""), FFIValue.UNDEFINED);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private void logUnhandled(JsException e) {
        LOG.log(System.Logger.Level.ERROR, "Unhandled promise rejection in {0}:\n{1}", loop().name(), e.getMessage());
    }
}
