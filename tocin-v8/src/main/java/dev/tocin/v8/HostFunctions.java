package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.ffi.FFIValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Java functions JavaScript calls: the prelude's host object (timers, console, uncaught
 * errors) and the functions of {@link V8Runtime#registerFunction}. They run on the thread that runs
 * the JS, with no hop. Loop thread only; the callback contexts are released when the loop closes.
 */
final class HostFunctions {
    private final Isolate isolate;
    /** The isolate's value factory (its Javet runtime), read once. */
    private final IV8Creatable v8;
    private final EventLoop loop;
    private final List<JavetCallbackContext> callbacks = new ArrayList<>();

    HostFunctions(Isolate isolate, EventLoop loop) {
        this.isolate = isolate;
        this.v8 = isolate.values();
        this.loop = loop;
        // Javet warns about callback contexts still registered when the isolate closes.
        loop.onClose(this::release);
    }

    /** Runs {@code prelude.js} with the host object it expects and installs the timers it returns. */
    void installPrelude(V8Options options) throws JavetException {
        String source;
        try (InputStream in = HostFunctions.class.getResourceAsStream("prelude.js")) {
            source = new String(Objects.requireNonNull(in, "prelude.js missing").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Timers timers = loop.timers();
        try (V8ValueFunction factory = isolate.script(source).setResourceName("tocin:prelude").execute();
             V8ValueObject host = v8.createV8ValueObject()) {
            define(host, "schedule", args -> {
                timers.schedule(args[0].asInt(), args[1].asDouble(), args[2].asBoolean());
                return null;
            });
            define(host, "cancel", args -> {
                timers.cancel(args[0].asInt());
                return null;
            });
            define(host, "ref", args -> {
                timers.setRef(args[0].asInt(), args[1].asBoolean());
                return null;
            });
            define(host, "hasRef", args -> v8.createV8ValueBoolean(timers.hasRef(args[0].asInt())));
            define(host, "console", args -> {
                options.console().write(ConsoleSink.Level.valueOf(args[0].asString()), args[1].asString());
                return null;
            });
            define(host, "uncaught", args -> {
                options.uncaughtErrors().accept(ScriptErrors.fromValue(args[0]));
                return null;
            });
            V8ValueFunction fire = factory.call(null, host);
            timers.install(fire, t -> isolate.reportUncaught(t, "a timer callback"));
        }
    }

    void define(V8ValueObject host, String name, IJavetDirectCallable.NoThisAndResult<Exception> body)
            throws JavetException {
        IJavetDirectCallable.NoThisAndResult<Exception> orUndefined = args -> {
            V8Value r = body.call(args);
            return r == null ? v8.createV8ValueUndefined() : r;
        };
        try (V8ValueFunction f = v8.createV8ValueFunction(context(name, orUndefined))) {
            host.set(name, f);
        }
    }

    /** A JS function calling {@code function}; the caller owns it. */
    V8ValueFunction register(String name, JavaFunction function) throws JavetException {
        return v8.createV8ValueFunction(context(name, args -> callJava(function, args)));
    }

    private V8Value callJava(JavaFunction function, V8Value[] args) throws JavetException {
        Object result;
        try {
            var converted = new FFIValue[args == null ? 0 : args.length];
            for (int i = 0; i < converted.length; i++) {
                converted[i] = ValueConverter.toFFI(args[i]);
            }
            result = function.call(converted);
        } catch (Exception | StackOverflowError | AssertionError | LinkageError e) {
            // Errors a callback can recover from reach JS named as they are; an OutOfMemoryError or
            // an internal JVM error is not caught here and ends the call the way Javet reports it.
            return JsErrors.throwInJs(v8, e);
        }
        if (result instanceof CompletableFuture<?> future) {
            return PromiseBridge.toV8Promise(loop, v8, future);
        }
        return ValueConverter.toV8(v8, result instanceof FFIValue f ? f : FFIValue.fromJava(result));
    }

    private JavetCallbackContext context(String name, IJavetDirectCallable.NoThisAndResult<Exception> body) {
        var context = new JavetCallbackContext(name, JavetCallbackType.DirectCallNoThisAndResult, body);
        callbacks.add(context);
        return context;
    }

    private void release() {
        for (var context : callbacks) {
            isolate.removeCallback(context);
        }
        callbacks.clear();
    }
}
