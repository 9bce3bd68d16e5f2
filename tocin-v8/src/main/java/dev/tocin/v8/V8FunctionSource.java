package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.values.reference.V8ValueFunction;

/**
 * Implemented by function handles that stand for a JS function, so that passing one back to
 * its runtime hands JS the same function instead of a Java wrapper around it.
 */
interface V8FunctionSource {
    /**
     * A new reference to the function (owned by the caller) when it lives in {@code v8};
     * {@code null} when it belongs to another runtime. Loop thread only.
     */
    V8ValueFunction v8Function(IV8Creatable v8) throws JavetException;
}
