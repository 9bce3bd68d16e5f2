package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 8 platform threads and 200 fibers (virtual threads on Tocin's scheduler) calling one runtime at
 * once, sync and async exports, each checking its own answers: none lost, none duplicated, none wrong
 * (issue 13's contention test, on the current loop-thread model).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConcurrentCallersTest {
    private static final int THREADS = 8;
    private static final int FIBERS = 200;
    private static final int CALLS = 25;

    @Test
    void platformThreadsAndFibersGetExactlyTheirOwnAnswers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.mjs"), """
                let calls = 0;
                export function echo(caller, i) { calls++; return caller + ':' + i; }
                export async function later(caller, i) { await null; calls++; return caller + ':' + i + ':async'; }
                export function count() { return calls; }
                """);
        try (var rt = new V8Runtime();
             var scheduler = LightweightScheduler.builder().workers(2).name("callers").build()) {
            rt.loadModule(dir.resolve("m.mjs").toString(), "m");
            scheduler.start();
            Set<String> answers = ConcurrentHashMap.newKeySet();
            var wrong = new ConcurrentLinkedQueue<String>();
            Runnable[] callers = new Runnable[THREADS + FIBERS];
            for (int c = 0; c < callers.length; c++) {
                String caller = (c < THREADS ? "t" : "f") + c;
                callers[c] = () -> {
                    for (int i = 0; i < CALLS; i++) {
                        boolean async = i % 2 == 1;
                        String expected = caller + ":" + i + (async ? ":async" : "");
                        var got = rt.callFunction("m", async ? "later" : "echo", FFIValue.of(caller), FFIValue.of(i));
                        if (!FFIValue.of(expected).equals(got)) {
                            wrong.add(expected + " -> " + got);
                        } else if (!answers.add(expected)) {
                            wrong.add("duplicate " + expected);
                        }
                    }
                };
            }
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(Thread.ofPlatform().start(callers[t]));
            }
            List<Fiber<Void>> fibers = new ArrayList<>();
            for (int f = THREADS; f < callers.length; f++) {
                var priority = Fiber.Priority.values()[f % Fiber.Priority.values().length];
                fibers.add(scheduler.goWithPriority(priority, callers[f]));
            }
            for (var t : threads) {
                t.join(240_000);
            }
            for (var f : fibers) {
                f.join();
            }
            assertThat(wrong).isEmpty();
            assertThat(answers).hasSize(callers.length * CALLS);
            assertThat(rt.callFunction("m", "count")).isEqualTo(FFIValue.of(callers.length * CALLS));
        }
    }

    @Test
    void aCriticalCallerOvertakesQueuedBackgroundCallers() throws Exception {
        try (var rt = new V8Runtime();
             var scheduler = LightweightScheduler.builder().workers(2).name("priority-callers").build()) {
            scheduler.start();
            var order = new ConcurrentLinkedQueue<String>();
            var entered = new java.util.concurrent.CountDownLatch(1);
            var release = new java.util.concurrent.CompletableFuture<Void>();
            rt.registerFunction("served", a -> order.add(a[0].asString()));
            rt.registerFunction("block", a -> {
                entered.countDown();
                release.get(60, TimeUnit.SECONDS);
                return null;
            });
            var blocker = Thread.ofPlatform().start(() -> rt.evaluateExpression("block()"));
            assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
            List<Fiber<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "background" + i;
                calls.add(scheduler.goWithPriority(Fiber.Priority.BACKGROUND, () -> rt.evaluateExpression("served('" + name + "')")));
                awaitQueued(rt, i + 1);
            }
            calls.add(scheduler.goWithPriority(Fiber.Priority.CRITICAL, () -> rt.evaluateExpression("served('critical')")));
            awaitQueued(rt, 5);
            release.complete(null);
            for (var c : calls) {
                c.join();
            }
            blocker.join(60_000);
            assertThat(order).containsExactly("critical", "background0", "background1", "background2", "background3");
        }
    }

    /** Waits until {@code n} calls wait in the runtime's queue (its loop is blocked by a call). */
    static void awaitQueued(V8Runtime rt, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rt.loop().queuedJobs() < n) {
            assertThat(System.nanoTime()).as(n + " calls queued in time").isLessThan(deadline);
            Thread.sleep(1); // polling a condition, not a timing assumption
        }
    }

    /**
     * Stress profile ({@code ./mvnw -Pstress -pl tocin-v8 -am verify}, which sets
     * {@code tocin.stress.hostile.seconds}; this test runs {@code tocin.stress.callers.seconds}, default
     * 60): rounds of callers from threads and fibers,
     * JS timers, promises made and settled from other threads, and {@code shutdown()} at a random
     * moment. Every call ends with its own right answer or {@link RuntimeClosedException}; nobody hangs.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "tocin.stress.hostile.seconds", matches = "\\d+")
    @Timeout(value = 3, unit = TimeUnit.HOURS)
    void callersTimersSettlementsAndARandomShutdown(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.mjs"), """
                export function echo(caller, i) { return caller + ':' + i; }
                export async function later(caller, i) { await new Promise(r => setTimeout(r, i % 3)); return caller + ':' + i + ':async'; }
                """);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("tocin.stress.callers.seconds", 60));
        var random = new java.util.Random(42);
        int rounds = 0;
        long answered = 0;
        long closed = 0;
        do {
            var rt = new V8Runtime();
            rt.loadModule(dir.resolve("m.mjs").toString(), "m");
            rt.executeCode("setInterval(() => {}, 1)");
            var wrong = new ConcurrentLinkedQueue<String>();
            var counts = new java.util.concurrent.atomic.AtomicLongArray(2);
            Runnable caller = () -> {
                String me = Thread.currentThread().getName() + "#" + Thread.currentThread().threadId();
                for (int i = 0; !rt.isClosed(); i++) {
                    try {
                        if (i % 5 == 4) {
                            var resolve = new java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<FFIValue>>();
                            JsPromise p = rt.createPromise((res, rej) -> resolve.set(res));
                            long n = i;
                            Thread.ofVirtual().start(() -> resolve.get().accept(FFIValue.of(n)));
                            var r = rt.awaitPromise(p, 60_000);
                            if (r.isResolved() && !FFIValue.of(n).equals(r.value())) {
                                wrong.add(me + " promise " + n + " -> " + r);
                            }
                            counts.incrementAndGet(r.isResolved() ? 0 : 1);
                            continue;
                        }
                        boolean async = i % 2 == 1;
                        String expected = me + ":" + i + (async ? ":async" : "");
                        var got = rt.callFunction("m", async ? "later" : "echo", FFIValue.of(me), FFIValue.of(i));
                        if (!FFIValue.of(expected).equals(got)) {
                            wrong.add(expected + " -> " + got);
                        }
                        counts.incrementAndGet(0);
                    } catch (RuntimeClosedException e) {
                        counts.incrementAndGet(1);
                        return;
                    } catch (RuntimeException e) {
                        wrong.add(me + " " + e);
                        return;
                    }
                }
            };
            try (var scheduler = LightweightScheduler.builder().workers(2).name("stress-callers").build()) {
                scheduler.start();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    threads.add(Thread.ofPlatform().name("t" + t).start(caller));
                }
                List<Fiber<Void>> fibers = new ArrayList<>();
                for (int f = 0; f < FIBERS; f++) {
                    fibers.add(scheduler.goWithPriority(Fiber.Priority.values()[f % 5], caller));
                }
                Thread.sleep(random.nextInt(500));
                rt.shutdown();
                for (var t : threads) {
                    t.join(60_000);
                    assertThat(t.isAlive()).as("platform caller ended after shutdown").isFalse();
                }
                for (var f : fibers) {
                    f.join();
                }
            }
            assertThat(wrong).isEmpty();
            answered += counts.get(0);
            closed += counts.get(1);
            rounds++;
        } while (System.nanoTime() < end);
        System.out.println("callers stress: " + rounds + " rounds, " + answered + " answers, " + closed
                + " RuntimeClosedException, 0 wrong, 0 hangs");
    }
}
