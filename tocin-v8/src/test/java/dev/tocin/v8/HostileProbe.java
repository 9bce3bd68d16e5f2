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
            case "recursion-platform", "recursion-small", "recursion-fiber", "recursion-virtual",
                 "reentry-platform", "reentry-small", "reentry-fiber", "reentry-virtual" -> fromCaller(args[0]);
            case "limit-reentry-platform", "limit-reentry-fiber", "limit-reentry-virtual",
                 "limit-handle-platform", "limit-handle-fiber", "limit-handle-virtual",
                 "limit-exec-platform", "limit-exec-fiber", "limit-exec-virtual",
                 "limit-plain-platform", "limit-plain-fiber", "limit-plain-virtual" -> atLimitFromCaller(args[0]);
            case "limit-reentry-loop", "limit-handle-loop", "limit-exec-loop", "limit-plain-loop" -> atLimitOnLoopThread(args[0]);
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

    /**
     * Deep JS recursion or deep JS -> Java -> JS re-entry run by a caller of the given kind (a default
     * platform thread, a thread with a 256 KB stack, a fiber, a JDK virtual thread): caller-runs
     * puts JS on that caller's stack, which must end in a RangeError, never in a crash.
     */
    private static String fromCaller(String which) {
        String kind = which.substring(which.indexOf('-') + 1);
        var result = new java.util.concurrent.CompletableFuture<String>();
        Runnable body = () -> {
            try {
                result.complete(which.startsWith("recursion") ? recursion() : reentry());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
        try (var scheduler = dev.tocin.runtime.LightweightScheduler.builder().workers(2).name("probe").build()) {
            scheduler.start();
            switch (kind) {
                case "platform" -> Thread.ofPlatform().start(body);
                case "small" -> Thread.ofPlatform().stackSize(256 << 10).start(body);
                case "fiber" -> scheduler.go(body);
                case "virtual" -> Thread.ofVirtual().start(body);
                default -> throw new IllegalArgumentException(kind);
            }
            return kind + " " + result.join();
        }
    }

    /**
     * JS catches a stack overflow and, at the very limit, calls Java, which calls the same runtime
     * again (V8 used to abort: {@code Check failed: IsOnCentralStack()}) with an expression
     * ({@code limit-reentry-*}), a JS function handle ({@code limit-handle-*}) or a script
     * ({@code limit-exec-*}), or only returns a string ({@code limit-plain-*}). Run by a caller of
     * the given kind (its own stack, caller-runs).
     */
    private static String atLimitFromCaller(String which) {
        String kind = which.substring(which.lastIndexOf('-') + 1);
        var result = new java.util.concurrent.CompletableFuture<String>();
        Runnable body = () -> {
            try {
                result.complete(atLimit(which.split("-")[1], false));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
        try (var scheduler = dev.tocin.runtime.LightweightScheduler.builder().workers(2).name("probe").build()) {
            scheduler.start();
            switch (kind) {
                case "platform" -> Thread.ofPlatform().start(body);
                case "fiber" -> scheduler.go(body);
                case "virtual" -> Thread.ofVirtual().start(body);
                default -> throw new IllegalArgumentException(kind);
            }
            return kind + " " + result.join();
        }
    }

    /** The same, started by a timer: the loop thread (16 MB stack) runs it. */
    private static String atLimitOnLoopThread(String which) {
        return "loop " + atLimit(which.split("-")[1], true);
    }

    private static String atLimit(String how, boolean onTimer) {
        try (var rt = new V8Runtime()) {
            var refused = new AtomicReference<String>();
            var calls = new java.util.concurrent.atomic.AtomicLong();
            var two = how.equals("handle") ? ((FFIValue.FunctionValue) rt.executeCode("(function two() { return 1 + 1 })")).handle() : null;
            rt.registerFunction("again", a -> {
                calls.incrementAndGet();
                try {
                    return switch (how) {
                        case "handle" -> two.call();
                        case "exec" -> rt.executeCode("const once = 1; once + 1");
                        default -> rt.evaluateExpression("1 + 1");
                    };
                } catch (JsException e) {
                    refused.compareAndSet(null, e.getMessage());
                    throw e;
                }
            });
            rt.registerFunction("plain", a -> {
                calls.incrementAndGet();
                return FFIValue.of("plain");
            });
            rt.registerFunction("ranOn", a -> FFIValue.of(Thread.currentThread().getName()));
            String fn = how.equals("plain") ? "plain" : "again";
            rt.executeCode("function h(n) { try { return h(n + 1) } catch (e) { return " + fn + "() } }");
            String outcome;
            if (onTimer) {
                var done = new java.util.concurrent.CompletableFuture<String>();
                rt.registerFunction("done", a -> {
                    done.complete(a[0].asString());
                    return FFIValue.NULL;
                });
                rt.executeCode("setTimeout(() => { let r; try { r = 'value ' + h(0) } catch (e) { r = e.name + ': ' + e.message }"
                        + " done(r + ' | ran on ' + ranOn()) }, 0)");
                outcome = done.join();
            } else {
                outcome = describe(() -> rt.evaluateExpression("h(0)")) + " | ran on " + rt.evaluateExpression("ranOn()");
            }
            return outcome + " | java calls=" + calls.get() + " | refused=" + refused.get()
                    + " | after=" + rt.evaluateExpression("1 + 1");
        }
    }

    private static String recursion() {
        try (var rt = new V8Runtime()) {
            rt.registerFunction("ranOn", a -> Thread.currentThread().toString());
            return describe(() -> rt.evaluateExpression(
                    "(() => { function f(n) { return f(n + 1) + 1 } try { f(0) } catch (e) { return e.name + ': ' + e.message } })()"))
                    + " | after=" + rt.evaluateExpression("1 + 1") + " | ran on " + rt.evaluateExpression("ranOn()");
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
