package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.v8.module.V8Handles;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link V8Runtime#callFunction}'s way into a module export: one small JS function per (module,
 * export), made on first use and bound to the module's namespace, that reads the export at each
 * call (live bindings stay live) and calls it, or returns a marker symbol when it is not a
 * function. A call then hands V8 only its own arguments, as a raw Javet call of the export does;
 * the shared trampoline it replaces also took the namespace and the export's name, a handle and a
 * string converted on every call. Runs only under the isolate lock.
 */
final class ExportCallers {
    /** The description of the symbol a caller returns when the export is not callable. */
    static final String NOT_A_FUNCTION = "tocin.notAFunction";
    private static final String MAKE_CALLER = "(() => { const notAFunction = Symbol('" + NOT_A_FUNCTION + "');"
            + " return function makeCaller(ns, name) { return function (...args) { const f = ns[name];"
            + " return typeof f === 'function' ? f(...args) : notAFunction; }; }; })()";
    /** Callers kept per module; a caller asking for ever new names must not grow the map without bound. */
    private static final int MAX_CALLERS = 64;

    private record Module(V8ValueObject namespace, Map<String, V8ValueFunction> callers) {
        void release() {
            callers.values().forEach(V8Handles::release);
            V8Handles.release(namespace);
        }
    }

    private final IV8Creatable v8;
    private final Function<String, V8ValueObject> load;
    private final V8ValueFunction makeCaller;
    private final Map<String, Module> modules = new HashMap<>();

    /** {@code load}: the namespace of a registered module name (a new handle, owned from then on). */
    ExportCallers(Isolate isolate, Function<String, V8ValueObject> load) throws JavetException {
        this.v8 = isolate.values();
        this.load = load;
        this.makeCaller = isolate.script(MAKE_CALLER).setResourceName("tocin:callFunction").execute();
    }

    V8ValueObject namespace(String module) {
        return module(module).namespace();
    }

    V8ValueFunction caller(String module, String export) throws JavetException {
        var m = module(module);
        var f = m.callers().get(export);
        if (f == null) {
            if (m.callers().size() >= MAX_CALLERS) {
                m.callers().values().forEach(V8Handles::release);
                m.callers().clear();
            }
            f = makeCaller.call(null, m.namespace(), v8.createV8ValueString(export));
            m.callers().put(export, f);
        }
        return f;
    }

    private Module module(String name) {
        var m = modules.get(name);
        if (m == null || m.namespace().isClosed()) {
            if (m != null) {
                m.release();
            }
            m = new Module(load.apply(name), new HashMap<>());
            modules.put(name, m);
        }
        return m;
    }

    /** The module was loaded again or reloaded: its namespace and callers are stale. */
    void forget(String module) {
        var m = modules.remove(module);
        if (m != null) {
            m.release();
        }
    }

    void close() {
        modules.values().forEach(Module::release);
        modules.clear();
        V8Handles.release(makeCaller);
    }
}
