package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Callers are answered, waits end, errors keep what was thrown (issue 12, the V8 runtime's part). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReliabilityTest {
    /** A thread per caller: a shared pool could run the callers one after another and hide the races tested here. */
    private static final java.util.concurrent.ExecutorService CALLERS = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon(true).name("caller-", 0).factory());

    @Test
    void anAsyncCallIsAnsweredWhileALaterCallWaitsForAPromiseThatNeverSettles(@TempDir Path dir) throws Exception {
        Path module = dir.resolve("m.mjs");
        Files.writeString(module, """
                export async function soon() { started(); await new Promise(r => setTimeout(r, 300)); return 'soon'; }
                export async function never() { await new Promise(() => {}); }
                """);
        try (var rt = new V8Runtime()) {
            rt.loadModule(module.toString(), "m");
            var started = new CountDownLatch(1);
            rt.registerFunction("started", a -> {
                started.countDown();
                return null;
            });
            // The first call is inside JS before the second is made: before the fix the second then ran
            // nested in the first call's wait on the loop, and the first could not return until it did.
            var first = CompletableFuture.supplyAsync(() -> rt.callFunction("m", "soon"), CALLERS);
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            var second = CompletableFuture.supplyAsync(() -> rt.callFunction("m", "never"), CALLERS);
            // Before the fix the first answer came only when the second wait ended (here: never).
            assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(FFIValue.of("soon"));
            assertThat(second).isNotDone();
            rt.close();
            assertThat(second).failsWithin(30, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(RuntimeClosedException.class);
        }
    }

    @Test
    void aRejectedAsyncCallKeepsItsError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.mjs"), "export async function fail() { await null; throw new TypeError('bad'); }");
        try (var rt = new V8Runtime()) {
            rt.loadModule(dir.resolve("m.mjs").toString(), "m");
            assertThatThrownBy(() -> rt.callFunction("m", "fail"))
                    .isInstanceOfSatisfying(JsException.class, e -> assertThat(e.name()).isEqualTo("TypeError"));
            assertThat(rt.getLastError()).contains("bad");
        }
    }

    @Test
    void unsettledTopLevelAwaitIsReportedInsteadOfHanging(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tla.mjs"), "await new Promise(() => {});\n");
        try (var rt = new V8Runtime()) {
            assertThatThrownBy(() -> rt.executeCode("await new Promise(() => {})"))
                    .isInstanceOf(UnsettledAwaitException.class)
                    .hasMessageContaining("Detected unsettled top-level await");
            assertThatThrownBy(() -> rt.loadModule(dir.resolve("tla.mjs").toString(), "tla"))
                    .isInstanceOf(UnsettledAwaitException.class)
                    .hasMessageContaining("tla.mjs");
            assertThat(rt.loadESModule(dir.resolve("tla.mjs").toString(), "tla2")).isFalse();
            assertThat(rt.getLastError()).contains("Detected unsettled top-level await");
            // What a timer or Java can still settle is awaited.
            assertThat(rt.executeCode("await new Promise(r => setTimeout(() => r('late'), 50))")).isEqualTo(FFIValue.of("late"));
            assertThat(rt.evaluateExpression("1 + 1")).isEqualTo(FFIValue.of(2));
        }
    }

    @Test
    void runUntilIdleWithAPastDeadlineReturns() {
        try (var rt = new V8Runtime()) {
            rt.executeCode("setInterval(() => {}, 10)");
            assertThat(rt.runUntilIdle(Duration.ZERO)).isFalse();
            assertThat(rt.runUntilIdle(Duration.ofMillis(-5))).isFalse();
            assertThat(rt.runUntilIdle(Duration.ofMillis(30))).isFalse();
        }
    }

    @Test
    void shutdownTerminatesRunningJsAndFailsQueuedCallers() throws Exception {
        var rt = new V8Runtime();
        rt.initialize();
        var entered = new CountDownLatch(1);
        rt.registerFunction("entered", a -> {
            entered.countDown();
            return null;
        });
        var spinning = CompletableFuture.supplyAsync(() -> rt.executeCode("entered(); while (true) {}"), CALLERS);
        assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
        var queued = CompletableFuture.supplyAsync(() -> rt.evaluateExpression("1"), CALLERS);
        var closer = CompletableFuture.runAsync(rt::shutdown, CALLERS);
        closer.get(60, TimeUnit.SECONDS);
        for (var caller : java.util.List.of(spinning, queued)) {
            assertThat(caller).failsWithin(30, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(RuntimeClosedException.class);
        }
        assertThat(rt.isClosed()).isTrue();
    }

    @Test
    void shutdownEndsAJavaFunctionThatBlocksTheLoop() throws Exception {
        var rt = new V8Runtime();
        var entered = new CountDownLatch(1);
        rt.registerFunction("waitForever", a -> {
            entered.countDown();
            return new CompletableFuture<>().get(); // nobody completes it
        });
        var blocked = CompletableFuture.supplyAsync(() -> rt.executeCode("waitForever()"), CALLERS);
        assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
        var queued = CompletableFuture.supplyAsync(() -> rt.evaluateExpression("1"), CALLERS);
        CompletableFuture.runAsync(rt::shutdown, CALLERS).get(60, TimeUnit.SECONDS);
        for (var caller : java.util.List.of(blocked, queued)) {
            assertThat(caller).failsWithin(30, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(RuntimeClosedException.class);
        }
    }

    @Test
    void thrownValuesThatAreNotErrorsAreKept() {
        try (var rt = new V8Runtime()) {
            assertThatThrownBy(() -> rt.executeCode("throw 42"))
                    .isInstanceOfSatisfying(JsException.class, e -> {
                        assertThat(e.thrownValue()).isEqualTo(FFIValue.of(42));
                        assertThat(e.getMessage()).endsWith("Uncaught 42").doesNotContain("null");
                    });
            assertThatThrownBy(() -> rt.evaluateExpression("(() => { throw 'boom' })()"))
                    .isInstanceOfSatisfying(JsException.class, e -> {
                        assertThat(e.thrownValue()).isEqualTo(FFIValue.of("boom"));
                        assertThat(e.jsMessage()).isEqualTo("boom");
                        assertThat(e.getMessage()).endsWith("Uncaught 'boom'");
                    });
            assertThatThrownBy(() -> rt.executeCode("throw {code: 1}"))
                    .isInstanceOfSatisfying(JsException.class,
                            e -> assertThat(e.thrownValue().get("code")).isEqualTo(FFIValue.of(1)));
            var unhandled = new java.util.concurrent.CopyOnWriteArrayList<JsException>();
            rt.onUnhandledRejection(unhandled::add);
            rt.executeCode("Promise.reject(42); 0");
            rt.runUntilIdle(Duration.ofSeconds(30));
            assertThat(unhandled).singleElement().satisfies(e -> {
                assertThat(e.thrownValue()).isEqualTo(FFIValue.of(42));
                assertThat(e.getMessage()).isEqualTo("Uncaught 42");
            });

            assertThatThrownBy(() -> rt.executeCode("throw new RangeError('r')"))
                    .isInstanceOfSatisfying(JsException.class, e -> {
                        assertThat(e.name()).isEqualTo("RangeError");
                        assertThat(e.thrownValue().get("message")).isEqualTo(FFIValue.of("r"));
                    });
        }
    }

    @Test
    void javaErrorsInACallbackReachJsNamed() {
        try (var rt = new V8Runtime()) {
            rt.registerFunction("overflow", a -> {
                throw new StackOverflowError("deep");
            });
            rt.registerFunction("assertion", a -> {
                throw new AssertionError("broken invariant");
            });
            assertThat(rt.evaluateExpression("(() => { try { overflow() } catch (e) { return e.name + ': ' + e.message } })()"))
                    .isEqualTo(FFIValue.of("StackOverflowError: deep"));
            assertThat(rt.evaluateExpression("(() => { try { assertion() } catch (e) { return e.name + ': ' + e.message } })()"))
                    .isEqualTo(FFIValue.of("AssertionError: broken invariant"));
        }
    }

    @Test
    void awaitPromiseByNameKeepsItsDeadlineWhileTheLoopIsBusy() throws Exception {
        try (var rt = new V8Runtime()) {
            rt.executeCode("globalThis.p = new Promise(() => {})");
            var entered = new CountDownLatch(1);
            var release = new CompletableFuture<Void>();
            rt.registerFunction("block", a -> {
                entered.countDown();
                release.get(60, TimeUnit.SECONDS);
                return null;
            });
            var busy = CompletableFuture.runAsync(() -> rt.evaluateExpression("block()"), CALLERS);
            assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
            try {
                // Before the fix this waited for the loop (here: until release), not 100 ms.
                var waiter = CompletableFuture.supplyAsync(() -> rt.awaitPromise("p", 100), CALLERS);
                assertThat(waiter.get(30, TimeUnit.SECONDS).isPending()).isTrue();
                assertThat(release).isNotDone();
            } finally {
                release.complete(null);
            }
            busy.get(60, TimeUnit.SECONDS);
            assertThat(rt.evaluateExpression("2")).isEqualTo(FFIValue.of(2));
        }
    }

    @Test
    void withdrawnLookupsLeaveNoQueuedWorkBehindUnderContention() throws Exception {
        try (var rt = new V8Runtime()) {
            rt.executeCode("globalThis.p = new Promise(() => {}); globalThis.spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} }");
            var threads = new java.util.ArrayList<Thread>();
            var outcomes = new java.util.concurrent.ConcurrentLinkedQueue<AsyncResult.State>();
            var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
            var busy = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    rt.evaluateExpression("spin(2)");
                }
            });
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            outcomes.add(rt.awaitPromise("p", i % 3).state());
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (var t : threads) {
                t.join(60_000);
            }
            busy.join(60_000);
            assertThat(failures).isEmpty();
            assertThat(outcomes).hasSize(400).containsOnly(AsyncResult.State.PENDING);
            // Every withdrawn lookup left the queue: nothing is pending but the promise itself.
            assertThat(rt.loop().queuedJobs()).isZero();
            assertThat(rt.evaluateExpression("1 + 2")).isEqualTo(FFIValue.of(3));
        }
    }

    @Test
    void shutdownWithManyCallersInsideAndQueuedFailsEveryOne() throws Exception {
        for (int round = 0; round < 3; round++) {
            var rt = new V8Runtime();
            rt.initialize();
            var calls = new java.util.ArrayList<CompletableFuture<FFIValue>>();
            calls.add(CompletableFuture.supplyAsync(() -> rt.executeCode("while (true) {}"), CALLERS));
            for (int i = 0; i < 16; i++) {
                int n = i;
                calls.add(CompletableFuture.supplyAsync(() -> rt.evaluateExpression(n + " * 2"), CALLERS));
            }
            Thread.sleep(round * 20L);
            rt.shutdown();
            for (var call : calls) {
                // Each caller either got its answer before the loop reached the endless job, or RuntimeClosedException.
                try {
                    call.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RuntimeClosedException.class);
                }
            }
            assertThat(calls.getFirst()).isCompletedExceptionally();
            assertThat(rt.isClosed()).isTrue();
        }
    }
}
