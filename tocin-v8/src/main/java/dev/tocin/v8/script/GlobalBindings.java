package dev.tocin.v8.script;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Runtime;

import javax.script.Bindings;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An engine's {@code ENGINE_SCOPE}: a live view of its runtime's global object. {@code put}
 * sets a global (the value converted through {@link FFIValue#fromJava}), {@code get} reads one
 * (converted with {@link FFIValue#toJava}), and the entries are the globals scripts created
 * (not the built-ins). Keys that are not JS identifiers, such as {@code javax.script.filename},
 * are kept in Java.
 */
final class GlobalBindings extends AbstractMap<String, Object> implements Bindings {
    private static final System.Logger LOG = System.getLogger(GlobalBindings.class.getName());
    /** Marks the globals present before any script ran, so that entrySet lists only the scripts' own. */
    private static final String BASELINE = "globalThis[Symbol.for('tocin.script.baseline')]";

    private final Supplier<V8Runtime> runtime;
    private final Map<String, Object> javaOnly = new HashMap<>();

    GlobalBindings(Supplier<V8Runtime> runtime) {
        this.runtime = runtime;
    }

    /** Records the built-in globals; called once when the engine's runtime starts. */
    static void markBaseline(V8Runtime rt) {
        rt.evaluateExpression(BASELINE + " = new Set(Object.getOwnPropertyNames(globalThis))");
    }

    @Override
    public Object put(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (!JsNames.isIdentifier(name)) {
            synchronized (javaOnly) {
                return javaOnly.put(name, value);
            }
        }
        FFIValue converted;
        try {
            converted = FFIValue.fromJava(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("binding '" + name + "': " + e.getMessage(), e);
        }
        var previous = get(name);
        runtime.get().exportValue(name, converted);
        return previous;
    }

    @Override
    public Object get(Object key) {
        if (!JsNames.isIdentifier(key)) {
            synchronized (javaOnly) {
                return javaOnly.get(key);
            }
        }
        return runtime.get().evaluateExpression("globalThis[" + JsNames.literal((String) key) + "]").toJava();
    }

    @Override
    public boolean containsKey(Object key) {
        if (!JsNames.isIdentifier(key)) {
            synchronized (javaOnly) {
                return javaOnly.containsKey(key);
            }
        }
        return runtime.get().evaluateExpression(JsNames.literal((String) key) + " in globalThis").asBoolean();
    }

    @Override
    public Object remove(Object key) {
        if (!JsNames.isIdentifier(key)) {
            synchronized (javaOnly) {
                return javaOnly.remove(key);
            }
        }
        var previous = get(key);
        if (!runtime.get().evaluateExpression("delete globalThis[" + JsNames.literal((String) key) + "]").asBoolean()) {
            throw new UnsupportedOperationException("the global '" + key
                    + "' cannot be removed: it was declared with var or function, which makes it non-configurable");
        }
        return previous;
    }

    /**
     * A snapshot of the scripts' globals and the Java-only entries; removing through it removes the
     * global. A global without a Java form (a Symbol, a cyclic object) is left out with a warning.
     */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        var snapshot = new LinkedHashMap<String, Object>();
        var names = (FFIValue.ArrayValue) runtime.get().evaluateExpression(
                "Object.getOwnPropertyNames(globalThis).filter(k => !" + BASELINE + ".has(k))");
        for (var name : names.elements()) {
            try {
                snapshot.put(name.asString(), get(name.asString()));
            } catch (IllegalArgumentException e) {
                // a Symbol, a cycle: no Java form; listing the other globals is still useful
                LOG.log(System.Logger.Level.WARNING, "the global '" + name.asString()
                        + "' is left out of the bindings: " + e.getMessage());
            }
        }
        synchronized (javaOnly) {
            snapshot.putAll(javaOnly);
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                var it = snapshot.entrySet().iterator();
                return new Iterator<>() {
                    private String current;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        var e = it.next();
                        current = e.getKey();
                        return new SimpleImmutableEntry<>(e);
                    }

                    @Override
                    public void remove() {
                        it.remove();
                        GlobalBindings.this.remove(current);
                    }
                };
            }

            @Override
            public int size() {
                return snapshot.size();
            }
        };
    }
}
