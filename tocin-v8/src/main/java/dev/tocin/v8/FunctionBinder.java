package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.reference.V8ValueFunction;
import dev.tocin.ffi.JsFunctionHandle;

/**
 * Turns a JS function met by {@link ValueConverter#toFFI} into a handle callable from any thread.
 * Each runtime registers one with {@link ValueConverter#bindFunctions} when its isolate starts.
 */
@FunctionalInterface
interface FunctionBinder {
    /**
     * @param function borrowed: still owned by the converter, which closes it afterwards; a
     *                 binder that keeps the function must take its own reference (e.g. {@code toClone()})
     */
    JsFunctionHandle bind(V8ValueFunction function) throws JavetException;
}
