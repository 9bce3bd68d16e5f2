package dev.tocin.v8.script;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;

import javax.script.AbstractScriptEngine;
import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;
import javax.script.SimpleBindings;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSR-223 engine backed by one {@link V8Runtime} (one isolate), created on first use. Scripts
 * run through {@link V8Runtime#executeCode}: the value of the last expression is the result,
 * {@code import} of registered modules and top-level {@code await} work. The default
 * {@code ENGINE_SCOPE} is the runtime's global object; other bindings are copied into the globals
 * before a script runs and copied back after. Calls from several threads are safe and run one at a
 * time on the isolate; for JavaScript on several cores, use several engines or a
 * {@link dev.tocin.v8.V8RuntimePool}.
 */
public final class TocinScriptEngine extends AbstractScriptEngine implements Invocable, Compilable, AutoCloseable {
    private static final AtomicLong RECEIVERS = new AtomicLong();

    private final ScriptEngineFactory factory;
    private final V8Options options;
    private final GlobalBindings globals;
    private volatile V8Runtime runtime;

    TocinScriptEngine(ScriptEngineFactory factory, V8Options options) {
        this.factory = factory;
        this.options = options;
        this.globals = new GlobalBindings(this::runtime);
        context.setBindings(globals, ScriptContext.ENGINE_SCOPE);
    }

    /** The engine's runtime, started on first use: load modules or register Java functions on it directly. */
    public V8Runtime runtime() {
        var rt = runtime;
        if (rt == null) {
            synchronized (this) {
                rt = runtime;
                if (rt == null) {
                    rt = new V8Runtime(options);
                    rt.initialize();
                    GlobalBindings.markBaseline(rt);
                    runtime = rt;
                }
            }
        }
        return rt;
    }

    @Override
    public Object eval(String script, ScriptContext ctx) throws ScriptException {
        var rt = runtime();
        var engineScope = ctx.getBindings(ScriptContext.ENGINE_SCOPE);
        var globalScope = ctx.getBindings(ScriptContext.GLOBAL_SCOPE);
        boolean foreign = engineScope != null && engineScope != globals;
        if (globalScope != null) {
            for (var e : globalScope.entrySet()) {
                if (JsNames.isIdentifier(e.getKey()) && (engineScope == null || !engineScope.containsKey(e.getKey()))) {
                    globals.put(e.getKey(), e.getValue());
                }
            }
        }
        if (foreign) {
            engineScope.forEach((k, v) -> {
                if (JsNames.isIdentifier(k)) {
                    globals.put(k, v);
                }
            });
        }
        Object result;
        try {
            result = rt.executeCode(script).toJava();
        } catch (RuntimeException e) {
            throw ScriptExceptions.from(e, fileName(ctx));
        }
        if (foreign) {
            for (var e : globals.entrySet()) {
                if (JsNames.isIdentifier(e.getKey())) {
                    engineScope.put(e.getKey(), e.getValue());
                }
            }
        }
        return result;
    }

    private static String fileName(ScriptContext ctx) {
        return ctx.getAttribute(ScriptEngine.FILENAME) instanceof String name ? name : null;
    }

    @Override
    public Object eval(Reader reader, ScriptContext ctx) throws ScriptException {
        return eval(readAll(reader), ctx);
    }

    private static String readAll(Reader reader) throws ScriptException {
        try {
            var out = new StringBuilder();
            var buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                out.append(buffer, 0, n);
            }
            return out.toString();
        } catch (IOException e) {
            var se = new ScriptException("cannot read the script: " + e.getMessage());
            se.initCause(e);
            throw se;
        }
    }

    @Override
    public Bindings createBindings() {
        return new SimpleBindings();
    }

    @Override
    public ScriptEngineFactory getFactory() {
        return factory;
    }

    // ---- Invocable ------------------------------------------------------------------------------

    @Override
    public Object invokeFunction(String name, Object... args) throws ScriptException, NoSuchMethodException {
        var f = runtime().evaluateExpression("globalThis[" + JsNames.literal(name) + "]");
        if (!(f instanceof FFIValue.FunctionValue function)) {
            throw new NoSuchMethodException("no global function '" + name + "' (it is " + f.type() + ")");
        }
        return call(function, args);
    }

    /**
     * Calls the method {@code name} of {@code thiz}, a JS object as this engine returned it (a
     * {@code Map} whose function members are handles to the JS functions). The receiver JS sees is
     * a copy made from {@code thiz}: own properties only, and changes to it are not seen by Java.
     */
    @Override
    public Object invokeMethod(Object thiz, String name, Object... args) throws ScriptException, NoSuchMethodException {
        if (thiz == null) {
            throw new IllegalArgumentException("invokeMethod needs a receiver, got null");
        }
        var rt = runtime();
        String slot = "__tocinReceiver" + RECEIVERS.incrementAndGet();
        rt.exportValue(slot, FFIValue.fromJava(thiz));
        var f = rt.evaluateExpression("(() => { const o = globalThis." + slot + "; delete globalThis." + slot + ";"
                + " const f = o?.[" + JsNames.literal(name) + "]; return typeof f === 'function' ? f.bind(o) : undefined; })()");
        if (!(f instanceof FFIValue.FunctionValue function)) {
            throw new NoSuchMethodException("the receiver has no method '" + name + "'");
        }
        return call(function, args);
    }

    private static Object call(FFIValue.FunctionValue function, Object[] args) throws ScriptException {
        var converted = new FFIValue[args == null ? 0 : args.length];
        for (int i = 0; i < converted.length; i++) {
            converted[i] = FFIValue.fromJava(args[i]);
        }
        try {
            return function.call(converted).toJava();
        } catch (RuntimeException e) {
            throw ScriptExceptions.from(e, null);
        }
    }

    /** A proxy calling the global functions named like the interface's methods, or null if one is missing. */
    @Override
    public <T> T getInterface(Class<T> type) {
        return proxy(type, null);
    }

    /** A proxy calling the methods of {@code thiz} (see {@link #invokeMethod}), or null if one is missing. */
    @Override
    public <T> T getInterface(Object thiz, Class<T> type) {
        if (thiz == null) {
            throw new IllegalArgumentException("getInterface needs a receiver, got null");
        }
        return proxy(type, thiz);
    }

    private <T> T proxy(Class<T> type, Object thiz) {
        if (type == null || !type.isInterface()) {
            throw new IllegalArgumentException("getInterface needs an interface, got " + type);
        }
        var abstractMethods = Arrays.stream(type.getMethods()).filter(m -> Modifier.isAbstract(m.getModifiers())).toList();
        for (Method m : abstractMethods) {
            boolean present = thiz == null
                    ? runtime().evaluateExpression("typeof globalThis[" + JsNames.literal(m.getName()) + "] === 'function'").asBoolean()
                    : thiz instanceof Map<?, ?> map && map.get(m.getName()) instanceof dev.tocin.ffi.JsFunctionHandle;
            if (!present) {
                return null;
            }
        }
        Object instance = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "JavaScript implementation of " + type.getName();
                };
            }
            if (method.isDefault()) {
                return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object[] actual = args == null ? new Object[0] : args;
            Object result = thiz == null ? invokeFunction(method.getName(), actual) : invokeMethod(thiz, method.getName(), actual);
            return ReturnValues.convert(result, method);
        });
        return type.cast(instance);
    }

    // ---- Compilable -----------------------------------------------------------------------------

    /**
     * A script to run repeatedly. Nothing runs at compile time; V8's per-isolate compilation cache
     * makes later runs of the same source skip parsing, so a syntax error is reported by the first
     * {@code eval}.
     */
    @Override
    public CompiledScript compile(String script) {
        return new TocinCompiledScript(this, script);
    }

    @Override
    public CompiledScript compile(Reader script) throws ScriptException {
        return compile(readAll(script));
    }

    /** Closes the runtime; the engine cannot be used afterwards. */
    @Override
    public void close() {
        var rt = runtime;
        if (rt != null) {
            rt.close();
        }
    }
}
