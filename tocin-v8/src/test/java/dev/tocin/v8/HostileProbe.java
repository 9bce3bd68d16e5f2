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
            case "all" -> all();
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

    /**
     * Every crash case, then the hang cases (each must end within a minute): unsettled top-level
     * await, a past deadline with an interval pending, shutdown of endless JS with queued callers.
     */
    private static String all() {
        var out = new StringBuilder();
        out.append("reentry: ").append(reentry()).append('\n');
        out.append("handle-reentry: ").append(handleReentry()).append('\n');
        out.append("large-allocation: ").append(largeAllocation()).append('\n');
        out.append("nested-heap: ").append(nestedHeap()).append('\n');
        try (var rt = new V8Runtime()) {
            out.append("unsettled-await: ").append(describe(() -> rt.executeCode("await new Promise(() => {})"))).append('\n');
            rt.executeCode("setInterval(() => {}, 5)");
            out.append("past-deadline: idle=").append(rt.runUntilIdle(java.time.Duration.ZERO)).append('\n');
        }
        var rt = new V8Runtime();
        rt.initialize();
        var spinning = java.util.concurrent.CompletableFuture.supplyAsync(() -> describe(() -> rt.executeCode("while (true) {}")),
                java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon(true).factory()));
        var queued = java.util.concurrent.CompletableFuture.supplyAsync(() -> describe(() -> rt.evaluateExpression("1")),
                java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon(true).factory()));
        rt.shutdown();
        try {
            out.append("shutdown: ").append(spinning.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .append(" / ").append(queued.get(60, java.util.concurrent.TimeUnit.SECONDS)).append('\n');
        } catch (Exception e) {
            out.append("shutdown: HANG ").append(e).append('\n');
        }
        return "\n" + out;
    }

    private static String describe(java.util.function.Supplier<FFIValue> body) {
        try {
            return "value " + body.get();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + String.join(" / ", e.getMessage().lines().toList());
        }
    }
}
