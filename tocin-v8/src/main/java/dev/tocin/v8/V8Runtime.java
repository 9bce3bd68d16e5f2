package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValuePromise;
import com.caoccao.javet.values.reference.V8ValueSymbol;
import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.v8.module.ModuleException;
import dev.tocin.v8.module.ModuleOptions;
import dev.tocin.v8.module.ModuleSystem;
import dev.tocin.v8.module.V8Handles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A V8 isolate that runs ECMAScript modules and scripts, with its own event loop.
 *
 * <p>The isolate lives on one platform thread of its own. Every method is safe to call from any
 * thread or fiber: on the loop thread it runs inline, elsewhere it is queued at the caller's
 * {@linkplain Fiber#currentPriority() fiber priority} and the caller waits (a fiber parks).
 * After each job the loop runs due timers. Several runtimes in one JVM are independent.
 *
 * <pre>{@code
 * try (var rt = new V8Runtime()) {
 *     rt.initialize();
 *     rt.loadESModule("./mymodule.mjs", "mymodule");
 *     FFIValue r = rt.executeCode("import { greet } from 'mymodule'; greet('World');");
 * }
 * }</pre>
 *
 * <p>Failures: JS errors are {@link JsException}s (file:line:column and JS stack), module
 * problems {@link dev.tocin.v8.module.ModuleException}s (with the import chain), limits
 * {@link ScriptTimeoutException} / {@link HeapLimitException}; the runtime stays usable after each,
 * except after a heap overflow that garbage collection cannot undo, which closes it.
 */
public final class V8Runtime implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** The resource name errors in {@link #executeCode} code point at. */
    static final String CODE_RESOURCE = "executeCode";

    private final V8Options options;
    private final EventLoop loop;
    private final Isolate isolate;
    private final AtomicReference<CompletableFuture<Void>> started = new AtomicReference<>();
    // loop thread only
    private ModuleSystem modules;
    private HostFunctions host;
    private ExportCallers exports;
    /** The first module file the host loaded: process.argv[1] and process.cwd(). */
    private volatile Path entry;

    /** A runtime with {@link V8Options#defaults()}. */
    public V8Runtime() {
        this(V8Options.defaults());
    }

    public V8Runtime(V8Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.loop = new EventLoop("tocin-v8-" + COUNT.incrementAndGet(), this.options.loopCpus());
        this.isolate = new Isolate(loop, options);
    }

    public V8Options options() {
        return options;
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * Starts the loop thread and creates the isolate. Idempotent; other methods call it on first
     * use, so calling it is optional.
     *
     * @throws RuntimeClosedException after {@link #shutdown()}
     * @throws IllegalStateException  when V8 cannot start (e.g. the native library is missing)
     */
    public void initialize() {
        if (isolate.closed()) {
            throw new RuntimeClosedException(loop.name());
        }
        var current = started.get();
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            return; // the common case, on every call: no allocation
        }
        var mine = new CompletableFuture<Void>();
        var existing = started.compareAndExchange(null, mine);
        if (existing != null) {
            EventLoop.await(existing);
            return;
        }
        try {
            loop.start(this::createIsolate);
            mine.complete(null);
        } catch (RuntimeException | Error e) {
            isolate.markClosed();
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Stops the loop, fails queued calls with {@link RuntimeClosedException} and closes the isolate. Idempotent. */
    public void shutdown() {
        isolate.markClosed();
        if (started.get() != null) {
            loop.stop();
        }
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    public boolean isClosed() {
        return isolate.closed();
    }

    private Isolate createIsolate(EventLoop loop) {
        try {
            isolate.create();
            var v8 = isolate;
            host = new HostFunctions(v8, loop);
            host.installPrelude(options);
            loop.onClose(dev.tocin.v8.web.WebPlatform.install(this, v8)); // lazy web globals, docs/web-apis.md
            ProcessGlobal.install(v8, options, () -> entry, host::define);
            var values = v8.values();
            var handles = new BoundFunction.Live();
            ValueConverter.bindFunctions(values, f -> new BoundFunction(this, handles, f.toClone()));
            loop.onClose(() -> ValueConverter.unbindFunctions(values));
            loop.onClose(handles::closeAll);
            promises.start(v8);
            var moduleOptions = new ModuleOptions(options.sandboxRoots(), options.conditions(),
                    options.allowData(), options.allowRemote(), options.codeCache());
            modules = v8.moduleSystem(moduleOptions);
            exports = new ExportCallers(v8, modules::namespace);
            loop.onClose(this::closeModules);
            return v8;
        } catch (JavetException e) {
            throw new IllegalStateException("cannot create a V8 isolate: " + e.getMessage(), e);
        }
    }

    private void closeModules() {
        exports.close();
        modules.close();
    }

    // ---- modules ------------------------------------------------------------------------------

    /**
     * Loads and evaluates the module at {@code path} (relative paths against the working folder)
     * and registers it under {@code name} for {@link #importModule} and {@code import ... from 'name'}.
     *
     * @return false on any failure; {@link #getLastError()} then says what went wrong
     */
    public boolean loadESModule(String path, String name) {
        try {
            loadModule(path, name);
            return true;
        } catch (RuntimeClosedException e) {
            throw e;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The throwing form of {@link #loadESModule}: returns the module namespace.
     *
     * @throws dev.tocin.v8.module.ModuleException naming file:line:column and the import chain
     */
    public FFIValue loadModule(String path, String name) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        return onLoop("loading " + path, v8 -> {
            if (entry == null) {
                entry = Path.of(path).toAbsolutePath().normalize();
            }
            exports.forget(name);
            modules.register(name, path, Path.of("").toAbsolutePath());
            return namespace(name, v8);
        });
    }

    /** The namespace of a module registered with {@link #loadESModule}, as an OBJECT of its exports. */
    public FFIValue importModule(String name) {
        return onLoop("importing " + name, v8 -> namespace(name, v8));
    }

    /** Re-reads the files of a registered module graph that changed and evaluates them again. */
    public void reloadModule(String name) {
        onLoop("reloading " + name, v8 -> {
            exports.forget(name);
            modules.reload(name);
            return null;
        });
    }

    private FFIValue namespace(String name, Isolate v8) {
        return ValueConverter.toFFI(exports.namespace(name));
    }

    /** Whether the last call failed (the seed's error query for the boolean forms). */
    public boolean hasError() {
        return isolate.lastError() != null;
    }

    /** The message of the last failed call, or {@code null} if the last call succeeded. */
    public String getLastError() {
        return isolate.lastError();
    }

    // ---- code ---------------------------------------------------------------------------------

    /**
     * Runs {@code code} as a script and returns the value of its last expression statement.
     * Declarations persist as globals; {@code import} statements bind registered or resolvable
     * modules; top-level {@code await} is allowed (like Deno's REPL).
     *
     * @throws JsException for a syntax error or an uncaught throw
     */
    public FFIValue executeCode(String code) {
        Objects.requireNonNull(code, "code");
        return onLoop("code", v8 -> {
            try (V8Value result = modules.executeRepl(code, CODE_RESOURCE)) {
                isolate.checkHeap();
                return ValueConverter.toFFI(result);
            } catch (ModuleException e) {
                if (e.phase() == ModuleException.Phase.PARSE && e.importChain().isEmpty()
                        && (CODE_RESOURCE.equals(e.file()) || "repl".equals(e.file()))) {
                    // The code itself does not parse: the same error as a script syntax error.
                    throw new JsException(e.errorType(), e.detail(), e.file(), e.line(), e.column(), "", e.getMessage());
                }
                throw e;
            }
        });
    }

    /** The value of one JavaScript expression, evaluated in the global scope. */
    public FFIValue evaluateExpression(String expression) {
        Objects.requireNonNull(expression, "expression");
        return onLoop("expression", v8 -> {
            try (V8Value result = v8.script("(" + expression + "\n)").setResourceName("expression").execute()) {
                isolate.checkHeap();
                return ValueConverter.toFFI(result);
            }
        });
    }

    /**
     * Calls the exported function {@code function} of the registered module {@code module}. If it
     * returns a promise (an async function), waits for it on the loop and returns its value.
     *
     * @throws IllegalArgumentException when the export is missing or not a function
     * @throws JsException              when the function throws or its promise rejects
     */
    public FFIValue callFunction(String module, String function, FFIValue... args) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        boolean nested = loop.holdsIsolate();
        return answer(onLoop("calling " + module + "." + function, v8 -> {
            // One call into V8: the export is looked up in JS (live bindings stay live) and called there.
            var caller = exports.caller(module, function);
            var converted = new V8Value[args.length];
            try {
                for (int i = 0; i < args.length; i++) {
                    converted[i] = ValueConverter.toV8(v8.values(), args[i]);
                }
                try (V8Value result = caller.call(null, converted)) {
                    isolate.checkHeap();
                    if (result instanceof V8ValueSymbol symbol
                            && ExportCallers.NOT_A_FUNCTION.equals(symbol.getDescription())) {
                        throw missingExport(exports.namespace(module), module, function);
                    }
                    return result instanceof V8ValuePromise promise ? later(promise, nested) : ValueConverter.toFFI(result);
                }
            } finally {
                for (var v : converted) {
                    V8Handles.release(v);
                }
            }
        }));
    }

    private static IllegalArgumentException missingExport(V8ValueObject ns, String module, String function)
            throws JavetException {
        String kind;
        try (V8Value member = ns.get(function)) {
            kind = member.isUndefined() ? "no export named '" + function + "'" : "'" + function + "' is not a function";
        }
        return new IllegalArgumentException("module '" + module + "' has " + kind
                + " (exports: " + String.join(", ", ns.getOwnPropertyNameStrings()) + ")");
    }

    /** Calls the JS function {@code f} from any thread; a returned promise is awaited (off the loop when the caller is). */
    FFIValue call(V8ValueFunction f, FFIValue[] args) {
        boolean nested = loop.holdsIsolate();
        return answer(onLoop("calling a JS function", v8 -> call(v8, f, args, nested)));
    }

    /** Loop thread: calls {@code f}; a returned promise is settled now when {@code nested}, else handed to {@link #answer}. */
    private Object call(Isolate v8, V8ValueFunction f, FFIValue[] args, boolean nested)
            throws JavetException {
        var converted = new V8Value[args.length];
        try {
            for (int i = 0; i < args.length; i++) {
                converted[i] = ValueConverter.toV8(v8.values(), args[i]);
            }
            try (V8Value result = f.call(null, converted)) {
                isolate.checkHeap();
                return result instanceof V8ValuePromise promise ? later(promise, nested) : ValueConverter.toFFI(result);
            }
        } finally {
            for (var v : converted) {
                V8Handles.release(v);
            }
        }
    }

    /**
     * Loop thread: the answer of a call that returned {@code promise}. A caller off the loop waits for
     * the promise's Java mirror after the job ended, so its wait holds neither the loop nor any other
     * caller's answer; a nested caller (on the loop thread, under JS) can only wait on the loop.
     */
    private Object later(V8ValuePromise promise, boolean nested) throws JavetException {
        return nested ? settled(promise) : promises.watch(promise);
    }

    /** The value of a call: as it came, or, for a promise mirror, once it settles (the caller parks). */
    private FFIValue answer(Object answer) {
        if (!(answer instanceof CompletableFuture<?> mirror)) {
            return (FFIValue) answer;
        }
        var settlement = (JsPromise.Settlement) EventLoop.await(mirror);
        if (settlement.failure() != null) {
            isolate.setLastError(settlement.failure().getMessage());
            throw settlement.failure();
        }
        return settlement.result().value();
    }

    private FFIValue settled(V8ValuePromise promise) throws JavetException {
        loop.runUntilSettled(promise, () -> false, Long.MAX_VALUE);
        if (promise.isFulfilled()) {
            try (V8Value value = promise.getResult()) {
                return ValueConverter.toFFI(value);
            }
        }
        if (promise.isRejected()) {
            try (V8Value reason = promise.getResult()) {
                promise.markAsHandled();
                throw ScriptErrors.fromValue(reason);
            }
        }
        throw new RuntimeClosedException(loop.name());
    }

    /** Sets the global {@code name} to {@code value} (a FUNCTION handle becomes a JS function). */
    public void exportValue(String name, FFIValue value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        onLoop("exporting " + name, v8 -> {
            try (V8Value v = ValueConverter.toV8(v8.values(), value)) {
                v8.setGlobal(name, v);
            }
            return null;
        });
    }

    /**
     * Makes {@code function} callable from JavaScript as the global {@code name}; a dotted name
     * ({@code "java.fetchUser"}) creates the intermediate objects. A Java exception becomes a JS
     * {@code Error} with the Java message, {@code name} the exception's simple class name.
     */
    public void registerFunction(String name, JavaFunction function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        onLoop("registering " + name, v8 -> {
            try (V8ValueFunction f = host.register(name, function)) {
                v8.setGlobal(name, f);
            }
            return null;
        });
    }

    // ---- event loop ---------------------------------------------------------------------------

    /**
     * Runs jobs, microtasks and timers until no work that keeps the runtime alive remains
     * (referenced timers, pending Java-side promises, queued calls), like Node before it exits.
     *
     * @return true when the loop went idle, false when {@code timeout} passed first
     */
    public boolean runUntilIdle(Duration timeout) {
        initialize();
        long now = System.nanoTime();
        // A zero or negative timeout is a deadline already past: one pass over what is due, no wait.
        long deadline = timeout.isNegative() ? now : now + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        loop.runUntil(() -> !loop.hasPendingWork(), deadline);
        return !loop.hasPendingWork();
    }

    /** Whether timers, pending promises bridged to Java, or queued calls remain. */
    public boolean hasPendingWork() {
        return started.get() != null && !isClosed() && loop.hasPendingWork();
    }

    /** The loop, for the classes of this package that post work to it. */
    EventLoop loop() {
        return loop;
    }

    // ---- internals ----------------------------------------------------------------------------

    /** Runs {@code body} on the loop thread at the caller's priority ({@link Isolate#call}), starting the runtime first. */
    <T> T onLoop(String what, Isolate.LoopCall<T> body) {
        initialize();
        return isolate.call(what, body);
    }

    /** Like {@link #onLoop}, but a call still queued at {@code deadlineNanos} is withdrawn and {@code late} answers. */
    <T> T onLoopBefore(String what, long deadlineNanos, java.util.function.Supplier<T> late, Isolate.LoopCall<T> body) {
        initialize();
        return isolate.callBefore(what, deadlineNanos, late, body);
    }

    // ---- async bridge (helper E) --------------------------------------------------------------
    // Thin delegations to PromiseBridge; see docs/async.md.

    private final PromiseBridge promises = new PromiseBridge(this);

    /** The async bridge, for tests of its internals. */
    PromiseBridge promiseBridge() {
        return promises;
    }

    /**
     * Makes a JS promise settled from Java: {@code executor} runs at once on the calling thread
     * with {@code resolve}/{@code reject}, callable from any thread, fiber or JS callback, once.
     * Until settled the promise counts as pending work ({@link #hasPendingWork()}). Its V8 side is
     * made only when JS sees it; settled and awaited from Java only, it costs a future hop.
     */
    public JsPromise createPromise(PromiseExecutor executor) {
        return promises.create(executor);
    }

    /**
     * Waits up to {@code timeoutMs} for the promise bound to the global {@code name} (dotted paths
     * allowed). A value that is not a promise counts as already resolved, as {@code await} sees it.
     * A calling fiber parks; on the loop thread the loop keeps running while it waits.
     *
     * @return pending on timeout (the promise stays usable); rejected with name
     *         {@code RuntimeClosedException} if the runtime shuts down while waiting
     * @throws IllegalArgumentException when nothing is bound to {@code name}
     */
    public AsyncResult awaitPromise(String name, long timeoutMs) {
        return promises.await(name, timeoutMs);
    }

    /**
     * A handle to the promise bound to the global {@code name} (dotted paths allowed), for
     * {@link #toFuture} or {@link #awaitAll}; a value that is not a promise gives one already resolved with it.
     *
     * @throws IllegalArgumentException when nothing is bound to {@code name}
     */
    public JsPromise getPromise(String name) {
        return promises.promise(name);
    }

    /** Like {@link #awaitPromise(String, long)} for a promise handle of this runtime. */
    public AsyncResult awaitPromise(JsPromise promise, long timeoutMs) {
        return promises.await(promise, timeoutMs);
    }

    /** Waits for every promise with one shared deadline; results in order (like {@code Promise.allSettled}). */
    public List<AsyncResult> awaitAll(List<JsPromise> promises, long timeoutMs) {
        return this.promises.awaitAll(promises, timeoutMs);
    }

    /**
     * The Java view of a promise: completes with its value, or exceptionally with a
     * {@link JsException} (JS name, message and stack) or {@link RuntimeClosedException}.
     * Stages attached without an executor run on the thread that settles it: the thread running
     * the JS that settles it (a caller, the loop thread, or a thread that settled a Java promise
     * or future that JS awaited, see docs/v8.md), or for a {@link #createPromise} promise resolved
     * with a plain value the resolving thread. Use the
     * {@code *Async} variants for work that blocks.
     */
    public CompletableFuture<FFIValue> toFuture(JsPromise promise) {
        return promises.toFuture(promise);
    }

    /**
     * The JS view of a Java future: resolved with {@code FFIValue.fromJava(value)}, or rejected
     * with an Error carrying the Java exception's message and class.
     */
    public JsPromise fromFuture(CompletableFuture<?> future) {
        return promises.fromFuture(future);
    }

    /** Binds the global {@code name} (dotted paths allowed) to the promise, so JS can {@code await} it. */
    public void exportValue(String name, JsPromise promise) {
        promises.export(name, promise);
    }

    /**
     * Where rejections that no handler caught go (checked after the job and its microtasks, as
     * Node does); by default they are logged at ERROR with the JS stack.
     */
    public void onUnhandledRejection(java.util.function.Consumer<JsException> handler) {
        promises.onUnhandledRejection(handler);
    }

    // ---- end async bridge ---------------------------------------------------------------------
}
