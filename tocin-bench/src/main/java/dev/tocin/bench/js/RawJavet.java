package dev.tocin.bench.js;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.reference.V8Module;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;

/**
 * The floor the js suite's rows are measured against: Javet calling the bench module's {@code add}
 * on the caller's thread, on a bare Javet runtime, the function looked up once.
 */
final class RawJavet implements AutoCloseable {
    private final com.caoccao.javet.interop.V8Runtime v8;
    private final V8Module module;
    private final V8ValueFunction add;
    private final V8ValueInteger one;

    RawJavet() throws Exception {
        // The Tocin runtime created first has already loaded the native library from its cache.
        v8 = V8Host.getV8Instance().createV8Runtime();
        module = v8.getExecutor(JsCallSuite.MODULE).setResourceName("file:///bench-raw.mjs").setModule(true).compileV8Module();
        module.instantiate();
        module.evaluate().close();
        try (V8ValueObject ns = (V8ValueObject) module.getNamespace()) {
            add = ns.get("add");
        }
        one = v8.createV8ValueInteger(1);
    }

    /** {@code add(i, 1)}. */
    int add(int i) throws Exception {
        try (V8ValueInteger r = add.call(null, v8.createV8ValueInteger(i), one)) {
            return r.getValue();
        }
    }

    /** {@code calls} calls back to back; ns per call. */
    double run(int calls) throws Exception {
        long checksum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            checksum += add(i);
        }
        long elapsed = System.nanoTime() - start;
        JsCallSuite.check(checksum, calls);
        return (double) elapsed / calls;
    }

    @Override
    public void close() throws Exception {
        add.close();
        module.close();
        v8.close();
    }
}
