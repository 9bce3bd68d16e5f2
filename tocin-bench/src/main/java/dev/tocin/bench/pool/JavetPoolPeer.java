package dev.tocin.bench.pool;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.engine.IJavetEngine;
import com.caoccao.javet.interop.engine.JavetEngineConfig;
import com.caoccao.javet.interop.engine.JavetEnginePool;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8Module;
import com.caoccao.javet.values.reference.V8ValueObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Javet's own pool, {@link JavetEnginePool}, used as its documentation shows: borrow an engine,
 * call, give it back (without the GC notification on release, see the constructor). Each engine's runtime compiles the module once (on first borrow) and keeps
 * its namespace, as a service would.
 */
final class JavetPoolPeer implements AutoCloseable {
    static final String IMPL = "javet-engine-pool";

    private final JavetEnginePool<V8Runtime> pool;
    private final String source;
    private final String resourceName;
    private final Map<V8Runtime, V8ValueObject> namespaces = new ConcurrentHashMap<>();

    JavetPoolPeer(int size, String source, String resourceName) {
        // Javet's default sends V8 a low-memory notification (a full GC) on every release, which
        // caps it near 100 calls/s; a service tuned for throughput turns that off, so we do too.
        var config = new JavetEngineConfig().setPoolMinSize(size).setPoolMaxSize(size).setAutoSendGCNotification(false);
        this.pool = new JavetEnginePool<>(config);
        this.source = source;
        this.resourceName = resourceName;
    }

    /** Calls the module's export {@code function} with {@code arg} on a borrowed engine. */
    String call(String function, long arg) {
        try (IJavetEngine<V8Runtime> engine = pool.getEngine()) {
            var rt = engine.getV8Runtime();
            var ns = namespaces.get(rt);
            if (ns == null) {
                ns = load(rt);
                namespaces.put(rt, ns);
            }
            return ns.invokeString(function, arg);
        } catch (JavetException e) {
            throw new IllegalStateException("Javet call failed: " + e.getMessage(), e);
        }
    }

    private V8ValueObject load(V8Runtime rt) throws JavetException {
        try (V8Module module = rt.getExecutor(source).setResourceName(resourceName).compileV8Module()) {
            module.instantiate();
            try (V8Value ignored = module.evaluate(true)) {
                return (V8ValueObject) module.getNamespace();
            }
        }
    }

    /** Borrows {@code n} engines at once and starts their runtimes (to measure what they cost), then gives them back. */
    void touch(int n, Runnable whileHeld) throws JavetException {
        var held = new ArrayList<IJavetEngine<V8Runtime>>();
        try {
            for (int i = 0; i < n; i++) {
                var engine = pool.getEngine();
                held.add(engine);
                engine.getV8Runtime().getExecutor("1").executeVoid();
            }
            whileHeld.run();
        } finally {
            for (var e : held) {
                e.close();
            }
        }
    }

    @Override
    public void close() throws JavetException {
        for (var ns : List.copyOf(namespaces.values())) {
            ns.close();
        }
        namespaces.clear();
        pool.close();
    }
}
