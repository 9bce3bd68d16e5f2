package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.values.reference.IV8Module;

import java.util.List;

/**
 * The isolate as the module layer uses it: values, code to compile (through V8's code cache when
 * there is cached data), the module resolver, callbacks to release. {@link ModuleSystem} makes it
 * over Javet's runtime: the one file of this package that names that class, because its public
 * constructor takes one (so the layer also runs on a bare isolate, in benchmarks and tests).
 */
interface ModuleIsolate {
    /** Creates JS values: Javet's factory interface, implemented by the runtime itself. */
    IV8Creatable values();

    /** An executor for {@code code}, using {@code cachedData} (V8's code cache) unless it is null. */
    IV8Executor script(String code, byte[] cachedData);

    default IV8Executor script(String code) {
        return script(code, null);
    }

    /** Where V8 asks for the modules a static import names; null to stop. */
    void setModuleResolver(ImportResolver resolver);

    /** Javet's module resolver without the runtime argument (the layer has its isolate already). */
    @FunctionalInterface
    interface ImportResolver {
        /** The module {@code specifier} names in {@code referrer}, once per import request while V8 links. */
        IV8Module resolve(String specifier, IV8Module referrer) throws JavetException;
    }

    /** Removes Java callbacks registered with the isolate (a closing part of the loader) and forgets them. */
    void removeCallbacks(List<JavetCallbackContext> callbacks);

    String v8Version();
}
