package dev.tocin.v8.web;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.v8.V8Access;
import dev.tocin.v8.V8Runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The web platform globals of one runtime ({@code URL}, {@code TextEncoder}, {@code fetch}, ...;
 * see docs/web-apis.md). At start-up only accessor properties are defined on {@code globalThis};
 * the first read of one loads its group's module (resource {@code tocin:web/<group>.js}), which
 * replaces the accessors of the group with plain values. A program that touches none of them
 * loads nothing.
 *
 * <p>Modules that need Java get host functions registered through
 * {@link V8Runtime#registerFunction} (so a {@code CompletableFuture} result becomes a promise that
 * keeps the loop alive until it settles) under a temporary global that the loader removes again.
 */
public final class WebPlatform implements Runnable {
    /** Temporary global under which a group's host functions are registered, then removed. */
    static final String HOST_GLOBAL = "__tocinWebHost";

    private final V8Runtime runtime;
    private final V8Access v8;
    private final NetPermissions net;
    private final List<JavetCallbackContext> contexts = new ArrayList<>();
    private final long originNanos = System.nanoTime();
    private final double originEpochMillis = System.currentTimeMillis();

    private WebPlatform(V8Runtime runtime, V8Access v8) {
        this.runtime = runtime;
        this.v8 = v8;
        this.net = NetPermissions.of(runtime.options().allowNet());
    }

    /**
     * Defines the lazy globals. Loop thread, while the isolate is being created.
     *
     * @return releases what was installed; run it on the loop thread before the isolate closes
     */
    public static Runnable install(V8Runtime runtime, V8Access v8) throws JavetException {
        var platform = new WebPlatform(runtime, v8);
        try (V8ValueFunction bootstrap = v8.script(Sources.module("bootstrap"))
                .setResourceName("tocin:web/bootstrap.js").execute();
             V8ValueFunction load = platform.function("load", args -> platform.load(args[0].toString()));
             V8Value ignored = bootstrap.call(null, load)) {
            return platform;
        }
    }

    /** Releases the callback contexts (Javet reports any still registered when the isolate closes). */
    @Override
    public void run() {
        for (var context : contexts) {
            v8.removeCallback(context);
        }
        contexts.clear();
    }

    /** Evaluates the module of {@code group} and returns its exports object. */
    private V8Value load(String group) throws JavetException {
        var host = Group.of(group).register(this);
        try (V8ValueFunction factory = v8.script(Sources.module(group))
                .setResourceName("tocin:web/" + group + ".js").execute()) {
            return factory.call(null, host);
        } finally {
            host.close();
        }
    }

    /** Registers {@code function} as a host function of the group being loaded. */
    void host(String name, dev.tocin.v8.JavaFunction function) {
        runtime.registerFunction(HOST_GLOBAL + "." + name, function);
    }

    /** Takes the object holding the host functions registered so far off the global object. */
    V8ValueObject takeHost() throws JavetException {
        try (V8ValueObject global = v8.globalObject()) {
            V8Value host = global.get(HOST_GLOBAL);
            global.delete(HOST_GLOBAL);
            if (host instanceof V8ValueObject object) {
                return object;
            }
            host.close();
            return v8.values().createV8ValueObject();
        }
    }

    V8ValueFunction function(String name, IJavetDirectCallable.NoThisAndResult<Exception> body) throws JavetException {
        var context = new JavetCallbackContext(name, JavetCallbackType.DirectCallNoThisAndResult, body);
        contexts.add(context);
        return v8.values().createV8ValueFunction(context);
    }

    /** {@code performance.timeOrigin}: when this runtime started, in ms since the epoch. */
    double timeOriginMillis() {
        return originEpochMillis;
    }

    /** {@code performance.now()}: monotonic ms since {@link #timeOriginMillis()}. */
    double millisSinceOrigin() {
        return (System.nanoTime() - originNanos) / 1e6;
    }

    NetPermissions net() {
        return net;
    }
}
