package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caller-runs for settlements (issue 13): a Java future or promise settled on a thread that may run
 * JS, with the isolate free, runs the JS continuations there (PromiseSettler.post); otherwise on the
 * loop thread. Every settlement lands exactly once, in the order each thread made them, and the
 * JS-visible order inside a callback stays as before.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SettlementThreadTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 250;

    @Test
    void anAwaitContinuationRunsOnTheThreadThatSettlesWhenItMayRunJs() throws Exception {
        try (var rt = new V8Runtime()) {
            rt.registerFunction("where", a -> FFIValue.of(Thread.currentThread().getName()));
            var resolve = new AtomicReference<Consumer<FFIValue>>();
            JsPromise p = rt.createPromise((res, rej) -> resolve.set(res));
            rt.exportValue("p", p);
            rt.executeCode("globalThis.seen = (async () => { await p; return where(); })(); undefined");
            var settler = Thread.ofPlatform().name("settler").stackSize(4 << 20).start(() -> resolve.get().accept(FFIValue.of(1)));
            settler.join();
            assertThat(rt.awaitPromise("seen", 30_000).value()).isEqualTo(FFIValue.of("settler"));
        }
    }

    @Test
    void aSettlerWithoutStackRoomLeavesTheContinuationToTheLoopThread() throws Exception {
        try (var rt = new V8Runtime()) {
            rt.registerFunction("where", a -> FFIValue.of(Thread.currentThread().getName()));
            var resolve = new AtomicReference<Consumer<FFIValue>>();
            JsPromise p = rt.createPromise((res, rej) -> resolve.set(res));
            rt.exportValue("p", p);
            rt.executeCode("globalThis.seen = (async () => { await p; return where(); })(); undefined");
            long needed = ((long) NativeLibrary.v8StackKb() << 10) + Isolate.RESERVE_BYTES;
            var room = new CompletableFuture<Long>();
            Thread.ofPlatform().name("shallow").stackSize(256 << 10).start(() -> {
                try {
                    room.complete(deepThenSettle(() -> resolve.get().accept(FFIValue.of(1)), needed - (32 << 10)));
                } catch (Throwable t) {
                    room.completeExceptionally(t);
                }
            });
            assertThat(room.get(60, TimeUnit.SECONDS)).isBetween(0L, needed - 1);
            assertThat(rt.awaitPromise("seen", 30_000).value().asString()).startsWith("tocin-v8-");
        }
    }

    /** Recurses until this thread's stack room is below {@code needed}, then settles; returns the room it had. */
    private static long deepThenSettle(Runnable settle, long needed) {
        long room = StackRoom.room();
        if (room >= needed) {
            long[] frame = new long[32];
            frame[0] = room;
            return deepThenSettle(settle, needed) + frame[1];
        }
        settle.run();
        return room;
    }

    /**
     * 8 threads complete 250 Java futures each at once (the futures a Java function returned to JS,
     * and each one completed twice); JS records every settlement. Each value arrives exactly once,
     * and the values of one thread arrive in the order that thread completed them, whichever
     * thread ran the JS (the settler, the loop thread, or a thread holding the isolate).
     */
    @Test
    void futuresCompletedFromManyThreadsAtOnceSettleOnceEachInEachThreadsOrder() throws Exception {
        try (var rt = new V8Runtime()) {
            var futures = new ArrayList<CompletableFuture<Long>>();
            for (int i = 0; i < THREADS * PER_THREAD; i++) {
                futures.add(new CompletableFuture<>());
            }
            rt.registerFunction("future", a -> futures.get((int) a[0].asLong()));
            int total = THREADS * PER_THREAD;
            rt.executeCode("globalThis.log = []; globalThis.all = new Promise(r => globalThis.finish = r);"
                    + "for (let i = 0; i < " + total + "; i++) {"
                    + "  future(i).then(v => { log.push(v); if (log.length === " + total + ") finish(log.length); });"
                    + "}");
            var start = new CountDownLatch(1);
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < THREADS; t++) {
                int first = t * PER_THREAD;
                threads.add(Thread.ofPlatform().stackSize(4 << 20).start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = first; i < first + PER_THREAD; i++) {
                        futures.get(i).complete((long) i);
                        futures.get(i).complete(-1L); // a second completion is no settlement
                    }
                }));
            }
            // A caller keeps taking the isolate meanwhile, so some settlements find it busy and queue.
            var caller = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 200; i++) {
                    rt.evaluateExpression("log.length");
                }
            });
            start.countDown();
            for (var t : threads) {
                t.join();
            }
            caller.join();
            assertThat(rt.awaitPromise("all", 60_000).value()).isEqualTo(FFIValue.of(total));
            List<FFIValue> log = ((FFIValue.ArrayValue) rt.evaluateExpression("log")).elements();
            assertThat(log).hasSize(total);
            Map<Integer, Long> lastOfThread = new HashMap<>();
            var seen = new boolean[total];
            for (FFIValue v : log) {
                int i = (int) v.asLong();
                assertThat(seen[i]).as("value %d twice", i).isFalse();
                seen[i] = true;
                long previous = lastOfThread.getOrDefault(i / PER_THREAD, -1L);
                assertThat((long) i).as("thread %d's settlements out of order", i / PER_THREAD).isGreaterThan(previous);
                lastOfThread.put(i / PER_THREAD, (long) i);
            }
        }
    }

    /** Many promises made by createPromise, each resolved by two threads racing: JS sees one value each. */
    @Test
    void racingResolvesOfOnePromiseSettleItOnce() throws Exception {
        try (var rt = new V8Runtime()) {
            int n = 400;
            var resolvers = new ArrayList<Consumer<FFIValue>>();
            rt.executeCode("globalThis.got = new Map(); globalThis.calls = 0;");
            for (int i = 0; i < n; i++) {
                JsPromise p = rt.createPromise((res, rej) -> resolvers.add(res));
                rt.exportValue("p" + i, p);
                rt.executeCode("p" + i + ".then(v => { calls++; got.set(" + i + ", v); })");
            }
            var start = new CountDownLatch(1);
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < 2; t++) {
                long tag = t * 1_000_000L;
                threads.add(Thread.ofPlatform().stackSize(4 << 20).start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < n; i++) {
                        resolvers.get(i).accept(FFIValue.of(tag + i));
                    }
                }));
            }
            start.countDown();
            for (var t : threads) {
                t.join();
            }
            rt.executeCode("globalThis.settledAll = Promise.all([" + allNames(n) + "]).then(() => calls)");
            assertThat(rt.awaitPromise("settledAll", 60_000).value()).isEqualTo(FFIValue.of(n));
            for (int i = 0; i < n; i++) {
                long v = rt.evaluateExpression("got.get(" + i + ")").asLong();
                assertThat(v % 1_000_000L).isEqualTo(i);
            }
        }
    }

    private static String allNames(int n) {
        var names = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            names.add("p" + i);
        }
        return String.join(",", names);
    }

    /**
     * A JS -> Java callback that completes a future JS holds: the settlement runs inline (this thread
     * holds the isolate), but its then-callbacks wait until the callback and the script around it
     * have returned, and run in the order they were attached.
     */
    @Test
    void aFutureCompletedInsideACallbackRunsItsContinuationsAfterTheCallback() throws Exception {
        try (var rt = new V8Runtime()) {
            var future = new CompletableFuture<String>();
            rt.registerFunction("make", a -> future);
            rt.registerFunction("complete", a -> {
                future.complete("v");
                return null;
            });
            rt.executeCode("globalThis.order = []; const f = make();"
                    + "globalThis.done = f.then(v => order.push('then1:' + v)).then(() => order.push('then3'));"
                    + "f.then(() => order.push('then2'));"
                    + "complete(); order.push('after-callback'); undefined");
            rt.awaitPromise("done", 30_000);
            assertThat(rt.evaluateExpression("order.join()").asString())
                    .isEqualTo("after-callback,then1:v,then2,then3");
        }
    }

    /** Settling after shutdown neither throws at the settling thread nor leaves it interrupted. */
    @Test
    void settlingAfterShutdownIsDroppedQuietly() throws Exception {
        var rt = new V8Runtime();
        var resolve = new AtomicReference<Consumer<FFIValue>>();
        JsPromise p = rt.createPromise((res, rej) -> resolve.set(res));
        rt.exportValue("p", p);
        var future = new CompletableFuture<Long>();
        rt.registerFunction("future", a -> future);
        rt.executeCode("globalThis.f = future(); undefined");
        rt.close();
        var outcome = new CompletableFuture<Boolean>();
        Thread.ofPlatform().stackSize(4 << 20).start(() -> {
            try {
                resolve.get().accept(FFIValue.of(1));
                future.complete(2L);
                outcome.complete(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        assertThat(outcome.get(30, TimeUnit.SECONDS)).as("settler left interrupted").isFalse();
        assertThat(rt.awaitPromise(p, 1_000).isRejected()).isTrue(); // RuntimeClosedException, as before
    }
}
