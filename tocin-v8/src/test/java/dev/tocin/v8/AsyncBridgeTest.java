package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The async bridge through a real runtime. Waits are on conditions; timeouts only guard against hangs. */
class AsyncBridgeTest {
    private static final long GUARD_MS = 30_000;

    private V8Runtime rt;

    @BeforeEach
    void start() {
        rt = new V8Runtime();
        rt.initialize();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void seedExampleDelayedFirstAndSecondAwaitedTogether() {
        JsPromise p1 = rt.createPromise((resolve, reject) -> new Thread(() -> {
            pause(100);
            resolve.accept(FFIValue.of("First"));
        }).start());
        JsPromise p2 = rt.createPromise((resolve, reject) -> new Thread(() -> {
            pause(200);
            resolve.accept(FFIValue.of("Second"));
        }).start());
        rt.exportValue("p1", p1);
        rt.exportValue("p2", p2);
        rt.executeCode("globalThis.both = Promise.all([p1, p2]).then(([a, b]) => a + ' then ' + b);");

        List<AsyncResult> all = rt.awaitAll(List.of(p1, p2), 5000);
        assertThat(all).extracting(AsyncResult::value).containsExactly(FFIValue.of("First"), FFIValue.of("Second"));
        assertThat(rt.awaitPromise("both", 5000).value()).isEqualTo(FFIValue.of("First then Second"));
    }

    @Test
    void seedExampleAwaitByName() {
        rt.executeCode("const myPromise = Promise.resolve(42);");
        AsyncResult a = rt.awaitPromise("myPromise", 5000);
        assertThat(a.isResolved()).isTrue();
        assertThat(a.value()).isEqualTo(FFIValue.of(42));
        assertThat(a.error()).isNull();
    }

    @Test
    void timeoutReturnsPendingAndThePromiseStaysUsable() {
        var resolver = new AtomicReference<Consumer<FFIValue>>();
        JsPromise p = rt.createPromise((resolve, reject) -> resolver.set(resolve));
        AsyncResult first = rt.awaitPromise(p, 50);
        assertThat(first.isPending()).isTrue();
        assertThat(first.isResolved() || first.isRejected()).isFalse();
        resolver.get().accept(FFIValue.of("late"));
        assertThat(rt.awaitPromise(p, GUARD_MS).value()).isEqualTo(FFIValue.of("late"));
        assertThat(p.result().isResolved()).isTrue();
    }

    @Test
    void rejectionWithAJsErrorKeepsNameMessageAndStack() {
        rt.executeCode("""
                function failLater() { return Promise.reject(new TypeError('bad input')); }
                globalThis.failing = failLater();
                failing.catch(() => {});
                """);
        AsyncResult a = rt.awaitPromise("failing", 5000);
        assertThat(a.isRejected()).isTrue();
        assertThat(a.error().name()).isEqualTo("TypeError");
        assertThat(a.error().message()).isEqualTo("bad input");
        assertThat(a.error().stack()).startsWith("TypeError: bad input").contains("at failLater");
        assertThat(a.value().get("message")).isEqualTo(FFIValue.of("bad input"));
    }

    @Test
    void rejectionFromJavaIsAJsErrorWithJavaMessageAndType() {
        JsPromise p = rt.createPromise((resolve, reject) -> reject.accept(new IllegalStateException("no disk")));
        rt.exportValue("p", p);
        rt.executeCode("globalThis.seen = p.catch(e => [e instanceof Error, e.name, e.message, e.javaClass].join('|'));");
        assertThat(rt.awaitPromise("seen", GUARD_MS).value())
                .isEqualTo(FFIValue.of("true|IllegalStateException|no disk|java.lang.IllegalStateException"));
        AsyncResult a = rt.awaitPromise(p, GUARD_MS);
        assertThat(a.isRejected()).isTrue();
        assertThat(a.error().name()).isEqualTo("IllegalStateException");
        assertThat(a.error().message()).isEqualTo("no disk");
    }

    @Test
    void anExecutorThatThrowsRejects() {
        JsPromise p = rt.createPromise((resolve, reject) -> {
            throw new IOException("cannot open");
        });
        AsyncResult a = rt.awaitPromise(p, GUARD_MS);
        assertThat(a.isRejected()).isTrue();
        assertThat(a.error().toString()).isEqualTo("IOException: cannot open");
    }

    @Test
    void resolvedFromAFiberWhileAnotherFiberParksOnTheOnlyWorker() throws Exception {
        try (var scheduler = LightweightScheduler.builder().workers(1).maxSpareWorkers(0).build()) {
            scheduler.start();
            var resolver = new AtomicReference<Consumer<FFIValue>>();
            JsPromise p = rt.createPromise((resolve, reject) -> resolver.set(resolve));
            // The waiter runs first on the single worker; if awaiting blocked the worker instead of
            // parking the fiber, the resolving fiber could never run.
            Fiber<AsyncResult> waiter = scheduler.go(() -> rt.awaitPromise(p, GUARD_MS));
            Fiber<Void> resolving = scheduler.go(() -> resolver.get().accept(FFIValue.of("from a fiber")));
            assertThat(waiter.get(GUARD_MS, TimeUnit.MILLISECONDS).value()).isEqualTo(FFIValue.of("from a fiber"));
            resolving.get(GUARD_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void resolvedFromJsThroughAJavaCallback() {
        var resolver = new AtomicReference<Consumer<FFIValue>>();
        JsPromise p = rt.createPromise((resolve, reject) -> resolver.set(resolve));
        rt.registerFunction("finish", args -> {
            resolver.get().accept(args[0]);
            return null;
        });
        rt.executeCode("finish({done: true, n: 3})");
        assertThat(rt.awaitPromise(p, GUARD_MS).value().toJSON()).isEqualTo("{\"done\":true,\"n\":3}");
    }

    @Test
    void awaitingOnTheLoopThreadKeepsTheLoopRunning() {
        var resolver = new AtomicReference<Consumer<FFIValue>>();
        JsPromise p = rt.createPromise((resolve, reject) -> resolver.set(resolve));
        var started = new CountDownLatch(1);
        rt.registerFunction("awaitFromJava", args -> {
            started.countDown();
            // On the loop thread: the resolution below is posted to this very loop.
            return rt.awaitPromise(p, GUARD_MS).value();
        });
        var other = new Thread(() -> {
            await(started);
            resolver.get().accept(FFIValue.of("posted while the loop waited"));
        });
        other.start();
        assertThat(rt.evaluateExpression("awaitFromJava()")).isEqualTo(FFIValue.of("posted while the loop waited"));
    }

    @Test
    void onlyTheFirstSettlementCounts() {
        long ignoredBefore = PromiseSettler.ignoredSettlements();
        var resolver = new AtomicReference<Consumer<FFIValue>>();
        var rejecter = new AtomicReference<Consumer<Throwable>>();
        JsPromise p = rt.createPromise((resolve, reject) -> {
            resolver.set(resolve);
            rejecter.set(reject);
        });
        resolver.get().accept(FFIValue.of(1));
        resolver.get().accept(FFIValue.of(2));
        rejecter.get().accept(new IllegalStateException("too late"));
        assertThat(rt.awaitPromise(p, GUARD_MS).value()).isEqualTo(FFIValue.of(1));
        assertThat(PromiseSettler.ignoredSettlements() - ignoredBefore).isEqualTo(2);
    }

    @Test
    void tenThousandPromisesSettledConcurrentlyAreEachSeenExactlyOnce() throws Exception {
        int n = 10_000;
        int threads = 8;
        var resolvers = new ArrayList<Consumer<FFIValue>>(n);
        var promises = new ArrayList<JsPromise>(n);
        for (int i = 0; i < n; i++) {
            var slot = new AtomicReference<Consumer<FFIValue>>();
            promises.add(rt.createPromise((resolve, reject) -> slot.set(resolve)));
            resolvers.add(slot.get());
            rt.exportValue("all.p" + i, promises.get(i));
        }
        rt.executeCode("""
                globalThis.seen = new Int32Array(%d);
                globalThis.values = new Array(%d);
                for (let i = 0; i < seen.length; i++) {
                  all['p' + i].then(v => { seen[i]++; values[i] = v; });
                }
                """.formatted(n, n));
        long ignoredBefore = PromiseSettler.ignoredSettlements();
        // Two racing threads per promise, with different values: exactly one wins each race.
        var go = new CountDownLatch(1);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers.add(Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = first % (threads / 2); i < n; i += threads / 2) {
                    resolvers.get(i).accept(FFIValue.of((long) i * 10 + first / (threads / 2)));
                }
            }));
        }
        go.countDown();
        for (var w : workers) {
            w.join(GUARD_MS);
        }
        List<AsyncResult> results = rt.awaitAll(promises, GUARD_MS);
        assertThat(PromiseSettler.ignoredSettlements() - ignoredBefore).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            long v = results.get(i).value().asLong();
            assertThat(v / 10).as("promise %d", i).isEqualTo(i);
        }
        rt.executeCode("globalThis.settledAll = Promise.all(Object.values(all)).then(() => 0);");
        rt.awaitPromise("settledAll", GUARD_MS);
        assertThat(rt.evaluateExpression("seen.every(c => c === 1)")).isEqualTo(FFIValue.TRUE);
        var jsValues = (FFIValue.ArrayValue) rt.evaluateExpression("values");
        for (int i = 0; i < n; i++) {
            assertThat(jsValues.get(i)).as("JS and Java see the same winner for %d", i).isEqualTo(results.get(i).value());
        }
    }

    @Test
    void jsAsyncFunctionAwaitsAJavaFutureThatCompletesLater() {
        var user = new CompletableFuture<Object>();
        var outage = new CompletableFuture<Object>();
        rt.registerFunction("java.fetchUser", args -> args[0].asLong() == 1 ? user : outage);
        rt.executeCode("""
                globalThis.greeting = (async () => { const u = await java.fetchUser(1); return 'Hello, ' + u.name; })();
                globalThis.failure = (async () => {
                  try { await java.fetchUser(2); return 'no error'; }
                  catch (e) { return [e instanceof Error, e.name, e.message].join('|'); }
                })();
                """);
        assertThat(rt.awaitPromise("greeting", 0).isPending()).isTrue();
        assertThat(rt.hasPendingWork()).as("a pending Java future keeps the loop alive").isTrue();
        user.complete(java.util.Map.of("name", "Ada"));
        outage.completeExceptionally(new IOException("service down"));
        assertThat(rt.awaitPromise("greeting", GUARD_MS).value()).isEqualTo(FFIValue.of("Hello, Ada"));
        assertThat(rt.awaitPromise("failure", GUARD_MS).value()).isEqualTo(FFIValue.of("true|IOException|service down"));
        assertThat(rt.runUntilIdle(java.time.Duration.ofMillis(GUARD_MS))).isTrue();
    }

    @Test
    void toFutureAndFromFuture() throws Exception {
        rt.executeCode("""
                globalThis.ok = new Promise(r => setTimeout(() => r([1, 2]), 1));
                globalThis.bad = (async function explode() { throw new RangeError('out of range'); })();
                bad.catch(() => {});
                """);
        var okFuture = rt.toFuture(rt.getPromise("ok"));
        assertThat(okFuture.get(GUARD_MS, TimeUnit.MILLISECONDS)).isEqualTo(FFIValue.array(FFIValue.of(1), FFIValue.of(2)));
        var badFuture = rt.toFuture(rt.getPromise("bad"));
        assertThatThrownBy(() -> badFuture.get(GUARD_MS, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(JsException.class, e -> {
                    assertThat(e.name()).isEqualTo("RangeError");
                    assertThat(e.jsMessage()).isEqualTo("out of range");
                    assertThat(e.jsStack()).contains("explode");
                });

        var later = new CompletableFuture<String>();
        JsPromise fromJava = rt.fromFuture(later);
        rt.exportValue("fromJava", fromJava);
        rt.executeCode("globalThis.shout = fromJava.then(s => s.toUpperCase());");
        later.complete("quiet");
        assertThat(rt.awaitPromise("shout", GUARD_MS).value()).isEqualTo(FFIValue.of("QUIET"));

        // A JS rejection that went through a Java future comes back to JS with its name and stack.
        JsPromise again = rt.fromFuture(rt.toFuture(rt.getPromise("bad")));
        rt.exportValue("again", again);
        rt.executeCode("globalThis.reread = again.catch(e => e.name + '|' + e.message + '|' + e.stack.includes('explode'));");
        assertThat(rt.awaitPromise("reread", GUARD_MS).value()).isEqualTo(FFIValue.of("RangeError|out of range|true"));
    }

    @Test
    void unhandledRejectionsAreReportedHandledOnesAreNot() {
        var reported = new CopyOnWriteArrayList<JsException>();
        var got = new CountDownLatch(1);
        rt.onUnhandledRejection(e -> {
            reported.add(e);
            got.countDown();
        });
        rt.executeCode("const handledLate = Promise.reject(new Error('handled')); handledLate.catch(() => {});");
        rt.executeCode("(function lonely() { Promise.reject(new RangeError('nobody listens')); })();");
        await(got);
        assertThat(reported).hasSize(1);
        assertThat(reported.getFirst().name()).isEqualTo("RangeError");
        assertThat(reported.getFirst().jsMessage()).isEqualTo("nobody listens");
        assertThat(reported.getFirst().jsStack()).contains("lonely");
    }

    @Test
    void shutdownWhileAwaitingGivesARuntimeShutDownResult() throws Exception {
        JsPromise never = rt.createPromise((resolve, reject) -> { });
        var future = rt.toFuture(never);
        var result = new CompletableFuture<AsyncResult>();
        Thread waiter = Thread.ofPlatform().start(() -> result.complete(rt.awaitPromise(never, 10 * GUARD_MS)));
        waitUntilParked(waiter);
        rt.close();
        AsyncResult a = result.get(GUARD_MS, TimeUnit.MILLISECONDS);
        assertThat(a.isRejected()).isTrue();
        assertThat(a.error().name()).isEqualTo("RuntimeClosedException");
        assertThat(a.error().message()).contains("runtime shut down");
        assertThatThrownBy(() -> future.get(GUARD_MS, TimeUnit.MILLISECONDS)).cause().isInstanceOf(RuntimeClosedException.class);
        assertThatThrownBy(() -> rt.awaitPromise("anything", 10)).isInstanceOf(RuntimeClosedException.class);
    }

    @Test
    void namesThatAreNotBoundOrNotPromises() {
        assertThatThrownBy(() -> rt.awaitPromise("noSuchThing", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing named 'noSuchThing' is defined");
        assertThatThrownBy(() -> rt.awaitPromise("1 + 1", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a global name");
        rt.executeCode("globalThis.plain = {answer: 42};");
        assertThat(rt.awaitPromise("plain", 10).value().get("answer")).isEqualTo(FFIValue.of(42));
        assertThat(rt.awaitPromise("plain.answer", 10).value()).isEqualTo(FFIValue.of(42));
        assertThatThrownBy(() -> rt.awaitPromise("plain", -1)).hasMessageContaining("timeout must be >= 0");
    }

    @Test
    void promisesBelongToTheirRuntime() {
        try (var other = new V8Runtime()) {
            other.initialize();
            JsPromise foreign = other.createPromise((resolve, reject) -> resolve.accept(FFIValue.NULL));
            assertThatThrownBy(() -> rt.awaitPromise(foreign, 10)).hasMessageContaining("another runtime");
        }
    }

    private static void waitUntilParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GUARD_MS);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the waiter never parked: " + t.getState());
            }
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(GUARD_MS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("condition not reached within the guard timeout");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The delay of simulated work in the seed's example, not synchronisation. */
    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
