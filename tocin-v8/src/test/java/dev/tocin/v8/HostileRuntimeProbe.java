package dev.tocin.v8;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child-JVM main for the runtime crash and hang cases of issue #12 (fixed on the runtime side:
 * re-entry depth, one large allocation under a heap limit, shutdown of a running loop, unsettled
 * top-level await, a later wait holding an earlier answer, a zero idle deadline). Prints {@code CASE <name> OK|ERR ...} per case, then
 * {@code DONE}; a case still running after {@link #DEADLINE} prints {@code CASE <name> HANG} and the
 * JVM halts with status 3.
 */
final class HostileRuntimeProbe {
    static final Duration DEADLINE = Duration.ofSeconds(90);
    static final int HANG_STATUS = 3;

    static final Map<String, Callable<String>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("reentry-depth", () -> {
            try (var rt = new V8Runtime()) {
                rt.initialize();
                rt.registerFunction("jrec", a -> rt.evaluateExpression("f(" + (a[0].asLong() + 1) + ")"));
                rt.executeCode("function f(n) { return jrec(n) }");
                return "OK " + rt.evaluateExpression("f(0)");
            }
        });
        CASES.put("large-allocation-under-heap-limit", () -> {
            try (var rt = new V8Runtime(V8Options.builder().maxHeapMb(64).build())) {
                rt.initialize();
                return "OK " + rt.executeCode("new Array(4e7).fill(0).length");
            }
        });
        CASES.put("shutdown-ends-running-js", () -> {
            var rt = new V8Runtime();
            rt.initialize();
            var entered = new CountDownLatch(1);
            rt.registerFunction("entered", a -> {
                entered.countDown();
                return null;
            });
            var caller = CompletableFuture.supplyAsync(() -> rt.executeCode("entered(); while (true) {}"));
            if (!entered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                return "ERR the endless script never started";
            }
            rt.shutdown(); // JavaScript is running now: shutdown must end it
            try {
                caller.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                return "OK the endless script returned";
            } catch (java.util.concurrent.ExecutionException e) {
                return "OK shutdown returned; the caller got " + e.getCause().getClass().getSimpleName();
            }
        });
        CASES.put("unsettled-top-level-await", () -> {
            try (var rt = new V8Runtime()) {
                rt.initialize();
                return "OK " + rt.executeCode("await new Promise(() => {})");
            }
        });
        CASES.put("later-wait-does-not-hold-earlier-answer", () -> {
            var module = java.nio.file.Files.createTempFile("waits", ".mjs");
            java.nio.file.Files.writeString(module, """
                    export async function slow() { globalThis.slowWaiting(); await new Promise(r => setTimeout(r, 300)); return "slow"; }
                    export function never() { return new Promise(() => {}); }
                    """);
            var rt = new V8Runtime();
            try {
                rt.initialize();
                rt.loadModule(module.toString(), "waits");
                var slowWaiting = new CountDownLatch(1);
                rt.registerFunction("slowWaiting", a -> {
                    slowWaiting.countDown();
                    return null;
                });
                var slow = CompletableFuture.supplyAsync(() -> rt.callFunction("waits", "slow"));
                if (!slowWaiting.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    return "ERR the 300 ms call never started";
                }
                // The never-settling call starts waiting while slow's timer runs.
                var never = CompletableFuture.supplyAsync(() -> rt.callFunction("waits", "never"));
                try {
                    return "OK answered " + slow.get(30, TimeUnit.SECONDS) + " while another call waits forever"
                            + (never.isDone() ? " (it ended: " + never.handle((v, e) -> String.valueOf(e)).join() + ")" : "");
                } catch (java.util.concurrent.TimeoutException e) {
                    return "ERR the 300 ms call was not answered within 30 s while a later call waited";
                }
            } finally {
                rt.shutdown();
                java.nio.file.Files.deleteIfExists(module);
            }
        });
        CASES.put("run-until-idle-zero-with-interval", () -> {
            try (var rt = new V8Runtime()) {
                rt.initialize();
                rt.executeCode("setInterval(() => {}, 10)");
                return "OK idle=" + rt.runUntilIdle(Duration.ZERO) + "," + rt.runUntilIdle(Duration.ofMillis(-5));
            }
        });
    }

    public static void main(String[] args) throws Exception {
        var wanted = java.util.List.of(args);
        for (var e : CASES.entrySet()) {
            if (wanted.isEmpty() || wanted.contains(e.getKey())) {
                System.out.println("CASE " + e.getKey() + " " + run(e.getKey(), e.getValue()));
                System.out.flush();
            }
        }
        System.out.println("DONE");
        System.out.flush();
        Runtime.getRuntime().halt(0); // a runtime left running by a failed case must not keep the JVM alive
    }

    private static String run(String name, Callable<String> c) throws InterruptedException {
        var outcome = new AtomicReference<String>();
        var t = Thread.ofPlatform().daemon().name("case-" + name).start(() -> {
            try {
                outcome.set(c.call());
            } catch (Exception e) {
                outcome.set("ERR " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        });
        if (!t.join(DEADLINE)) {
            System.out.println("CASE " + name + " HANG (still running after " + DEADLINE + ")");
            System.out.flush();
            Runtime.getRuntime().halt(HANG_STATUS);
        }
        String line = String.valueOf(outcome.get()).replace('\n', ' ');
        return line.length() <= 400 ? line : line.substring(0, 400) + "...";
    }

    private HostileRuntimeProbe() {
    }
}
