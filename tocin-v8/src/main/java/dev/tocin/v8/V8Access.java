package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.values.reference.V8ValueGlobalObject;

/**
 * What Tocin's own code does with a runtime's V8 isolate, for the thread that holds its lock:
 * create values, run scripts, reach the global object, release callbacks. {@link Isolate}
 * implements it and keeps Javet's runtime to itself, so no other class names
 * Javet's runtime class (whose simple name Tocin's {@link V8Runtime} shares).
 * Public only because Tocin's web package installs its globals through it; not for embedders.
 */
public interface V8Access {
    /** Creates JS values: Javet's factory interface, implemented by the isolate's runtime itself (no wrapper). */
    IV8Creatable values();

    /** An executor for {@code code} as a script: set a resource name, then execute or compile it. */
    IV8Executor script(String code);

    /** The global object; the caller closes it. */
    V8ValueGlobalObject globalObject() throws JavetException;

    /** Releases the callback context of a function made in this isolate (Javet reports any left when it closes). */
    void removeCallback(JavetCallbackContext context);
}
