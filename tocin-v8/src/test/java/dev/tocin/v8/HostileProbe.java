package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Child-JVM entry for {@link HostileInputsTest}: runs one case that used to kill the JVM and prints
 * {@code outcome=<exception class>: <message>}; exit status 0 means the JVM survived it.
 */
public final class HostileProbe {
    private HostileProbe() {
    }

    public static void main(String[] args) {
        String outcome = switch (args[0]) {
            case "reentry" -> reentry();
            case "handle-reentry" -> handleReentry();
            case "large-allocation" -> largeAllocation();
            case "nested-heap" -> nestedHeap();
            default -> throw new IllegalArgumentException("unknown case " + args[0]);
        };
        System.out.println("outcome=" + outcome);
        System.out.flush();
    }

    /** JS -> Java -> JS, each level one more: function f(n) { return jrec(n) }, jrec evaluating f(n + 1). */
    private static String reentry() {
        try (var rt = new V8Runtime()) {
            rt.registerFunction("jrec", a -> rt.evaluateExpression("f(" + (a[0].asLong() + 1) + ")"));
            rt.executeCode("function f(n) { return jrec(n) }");
            return describe(() -> rt.evaluateExpression("(() => { try { f(0) } catch (e) { return e.name + ': ' + e.message } })()"))
                    + " | after=" + rt.evaluateExpression("1 + 1");
        }
    }

    /** A JS function handle called back from Java recursively: g(n) calls back(n), which calls the handle for g with n + 1. */
    private static String handleReentry() {
        try (var rt = new V8Runtime()) {
            var g = new AtomicReference<FFIValue>();
            rt.registerFunction("back", a -> ((FFIValue.FunctionValue) g.get()).handle().call(FFIValue.of(a[0].asLong() + 1)));
            g.set(rt.executeCode("function g(n) { return back(n) }; g"));
            return describe(() -> ((FFIValue.FunctionValue) g.get()).handle().call(FFIValue.of(0)))
                    + " | after=" + rt.evaluateExpression("2 + 2");
        }
    }

    private static String largeAllocation() {
        try (var rt = new V8Runtime(V8Options.builder().maxHeapMb(64).build())) {
            return describe(() -> rt.executeCode("new Array(4e7).fill(0)"));
        }
    }

    /** The heap limit reached inside JS -> Java -> JS. */
    private static String nestedHeap() {
        try (var rt = new V8Runtime(V8Options.builder().maxHeapMb(64).build())) {
            rt.registerFunction("inner", a -> rt.executeCode(
                    "(function fill() { const a = []; while (true) a.push(new Array(10000).fill(Math.random())); })()"));
            String outcome = describe(() -> rt.executeCode("inner()"));
            return outcome + " | closed=" + rt.isClosed()
                    + (rt.isClosed() ? "" : " | after=" + rt.evaluateExpression("3 + 3"));
        }
    }

    private static String describe(java.util.function.Supplier<FFIValue> body) {
        try {
            return "value " + body.get();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + String.join(" / ", e.getMessage().lines().toList());
        }
    }
}
