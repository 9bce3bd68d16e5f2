package dev.tocin.bench.js;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.reference.V8ValueFunction;
import dev.tocin.bench.BenchResult;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Runtime;

import java.util.List;

/**
 * JS -> Java callbacks (issue 13's "JS->Java callback vs raw Javet direct callable" row): a JS loop
 * calls a Java {@code javaAdd(a, b)} {@code calls} times, once through Tocin's
 * {@link V8Runtime#registerFunction} and once through a Javet direct callable (the cheapest
 * callback Javet has) on a bare Javet runtime. The loop is timed from Java around one evaluation,
 * so one Java -> JS call is spread over all callbacks. Median of rounds.
 */
final class JsCallbackRows {
    private static final String LOOP = "(() => { let s = 0; for (let i = 0; i < %d; i++) s += javaAdd(i, 1); return s; })()";

    private JsCallbackRows() {
    }

    static void run(V8Runtime rt, int calls, int rounds, List<BenchResult> results) throws Exception {
        rt.registerFunction("javaAdd", args -> FFIValue.of(((FFIValue.IntegerValue) args[0]).value()
                + ((FFIValue.IntegerValue) args[1]).value()));
        String loop = LOOP.formatted(calls);
        double[] tocin = new double[rounds];
        double[] raw = new double[rounds];
        try (var javet = V8Host.getV8Instance().createV8Runtime()) {
            IJavetDirectCallable.NoThisAndResult<Exception> add = args -> javet.createV8ValueInteger(
                    ((V8ValueInteger) args[0]).getValue() + ((V8ValueInteger) args[1]).getValue());
            var context = new JavetCallbackContext("javaAdd", JavetCallbackType.DirectCallNoThisAndResult, add);
            try (V8ValueFunction f = javet.createV8ValueFunction(context)) {
                javet.getGlobalObject().set("javaAdd", f);
            }
            for (int r = -1; r < rounds; r++) { // round -1 warms both up
                long start = System.nanoTime();
                JsCallSuite.check(switch (rt.evaluateExpression(loop)) {
                    case FFIValue.IntegerValue(long l) -> l;
                    case FFIValue.FloatValue(double d) -> (long) d;
                    case FFIValue other -> throw new IllegalStateException("callback loop returned " + other);
                }, calls);
                long tocinNs = System.nanoTime() - start;
                start = System.nanoTime();
                JsCallSuite.check((long) javet.getExecutor(loop).executeDouble().doubleValue(), calls);
                long rawNs = System.nanoTime() - start;
                if (r >= 0) {
                    tocin[r] = (double) tocinNs / calls;
                    raw[r] = (double) rawNs / calls;
                }
            }
            javet.getGlobalObject().delete("javaAdd");
            javet.removeCallbackContext(context.getHandle());
        }
        results.add(new BenchResult(JsCallSuite.SUITE, "callback-js-to-java", BenchResult.TOCIN, JsCallSuite.median(tocin), "ns/call", false));
        results.add(new BenchResult(JsCallSuite.SUITE, "callback-js-to-java", "raw Javet direct callable", JsCallSuite.median(raw), "ns/call", false));
    }
}
