package dev.tocin.bench.jsengines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A GraalJS context. Interpreted on a stock JDK ("fallback runtime"), optimizing when the JVM
 * runs with JVMCI and the Graal compiler: {@link #impl()} says which, from the engine itself.
 * Contexts given the same {@link Engine} share parsed and compiled code, as GraalJS
 * recommends for several contexts.
 */
final class GraalJsEngine implements JsEngine {
    private final Context context;
    private final Engine ownedEngine;
    private final String impl;
    private final Map<String, Value> modules = new HashMap<>();

    /** A context of its own engine, closed with it: what a first-time user gets. */
    static GraalJsEngine standalone() {
        return new GraalJsEngine(newEngine(), true);
    }

    /** A context sharing {@code engine}, which the caller closes after every context. */
    static GraalJsEngine sharing(Engine engine) {
        return new GraalJsEngine(engine, false);
    }

    private GraalJsEngine(Engine engine, boolean owned) {
        this.ownedEngine = owned ? engine : null;
        this.context = Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HostAccess.ALL)
                .allowIO(IOAccess.ALL)
                .option("js.esm-eval-returns-exports", "true")
                .build();
        this.impl = implName(engine);
    }

    /** A new engine; interpreted mode without the warning that users would switch off too. */
    static Engine newEngine() {
        return Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    }

    static String implName(Engine engine) {
        return "Interpreted".equals(engine.getImplementationName()) ? "graaljs-interp" : "graaljs-jit";
    }

    @Override
    public String impl() {
        return impl;
    }

    @Override
    public void load(Path file, String name) {
        try {
            var source = Source.newBuilder("js", file.toFile()).mimeType("application/javascript+module").build();
            modules.put(name, context.eval(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public PreparedCall prepare(String module, String function, Object... args) {
        Value ns = modules.get(module);
        if (ns == null) {
            throw new IllegalArgumentException("module '" + module + "' is not loaded");
        }
        Value fn = ns.getMember(function);
        if (fn == null || !fn.canExecute()) {
            throw new IllegalArgumentException("module '" + module + "' has no function '" + function + "'");
        }
        Object[] converted = args.clone();
        return () -> toJava(fn.execute(converted));
    }

    @Override
    public void registerJavaAdd() {
        context.getBindings("js").putMember("javaAdd",
                (ProxyExecutable) a -> a[0].asLong() + a[1].asLong());
    }

    private static Object toJava(Value v) {
        if (v.isString()) {
            return v.asString();
        }
        if (v.isNumber()) {
            return v.fitsInLong() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        if (v.hasArrayElements()) {
            int[] out = new int[Math.toIntExact(v.getArraySize())];
            for (int i = 0; i < out.length; i++) {
                out[i] = v.getArrayElement(i).asInt();
            }
            return out;
        }
        return v.toString();
    }

    @Override
    public void close() {
        context.close();
        if (ownedEngine != null) {
            ownedEngine.close();
        }
    }
}
