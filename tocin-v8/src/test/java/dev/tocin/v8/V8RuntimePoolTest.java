package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.Fiber.Priority;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.CpuInfo;
import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** V8RuntimePool: setup, parallelism, healing, recycling, priority admission, shutdown, and a many-fiber stress run. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class V8RuntimePoolTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** A setup that numbers its isolates (global {@code isolate}) and counts its runs. */
    private static PoolSetup counting(AtomicInteger runs) {
        return rt -> rt.exportValue("isolate", FFIValue.of(runs.incrementAndGet()));
    }

    @Test
    void setupRunsOncePerIsolateAndCallsSpreadOverThem() throws Exception {
        var runs = new AtomicInteger();
        var meet = new CyclicBarrier(3);
        try (var pool = V8RuntimePool.builder().size(3).setup(rt -> {
            counting(runs).setUp(rt);
            rt.registerFunction("meet", args -> {
                meet.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return null;
            });
        }).build()) {
            assertThat(runs).hasValue(3);
            // Three callers meeting inside JS can only succeed on three different isolates.
            var seen = new ConcurrentHashMap<Long, Boolean>();
            var threads = new ArrayList<Thread>();
            for (int i = 0; i < 3; i++) {
                threads.add(Thread.ofPlatform().start(() -> seen.put(pool.executeCode("meet(); isolate").asLong(), true)));
            }
            for (var t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
            assertThat(seen.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(runs).hasValue(3);
            var st = pool.getStats();
            assertThat(st.size()).isEqualTo(3);
            assertThat(st.live()).isEqualTo(3);
            assertThat(st.busy()).isZero();
            assertThat(st.calls()).isEqualTo(3);
        }
    }

    @Test
    void twoIsolatesRunJavaScriptAtTheSameTime() throws Exception {
        // Each call blocks inside JS until the other call is inside JS too: only overlap lets both finish.
        var inside = new CyclicBarrier(2);
        try (var pool = V8RuntimePool.builder().size(2).setup(rt -> rt.registerFunction("bothInside", args -> {
            inside.await(WAIT_SECONDS, TimeUnit.SECONDS);
            return "overlapped";
        })).build()) {
            var results = new CopyOnWriteArrayList<FFIValue>();
            var a = Thread.ofPlatform().start(() -> results.add(pool.executeCode("let x = 0; for (let i = 0; i < 1e5; i++) x += i; bothInside()")));
            var b = Thread.ofPlatform().start(() -> results.add(pool.executeCode("bothInside()")));
            a.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            b.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(results).containsExactly(FFIValue.of("overlapped"), FFIValue.of("overlapped"));
        }
    }

    @Test
    void anIsolateThatHitTheHeapLimitIsReplacedAndSetUpAgain() throws Exception {
        var runs = new AtomicInteger();
        var options = V8Options.builder().maxHeapMb(64).build();
        try (var pool = V8RuntimePool.builder().size(2).options(options).setup(counting(runs)).build()) {
            assertThatThrownBy(() -> pool.executeCode(
                    "globalThis.keep = []; while (true) keep.push(new Array(10000).fill(Math.random()));"))
                    .isInstanceOf(HeapLimitException.class);
            await(() -> pool.getStats().replaced() == 1 && pool.getStats().live() == 2, "the replacement");
            assertThat(runs).hasValue(3);
            assertThat(pool.getStats().healing()).isZero();
            assertThat(pool.executeCode("[1, 2, 3].length")).isEqualTo(FFIValue.of(3));
            // the isolate that overflowed is gone: no isolate still holds the filled array
            for (int i = 0; i < 4; i++) {
                assertThat(pool.executeCode("typeof keep")).isEqualTo(FFIValue.of("undefined"));
            }
        }
    }

    @Test
    void anIsolateWhoseCallTimedOutIsReplaced() throws Exception {
        var runs = new AtomicInteger();
        var options = V8Options.builder().timeout(Duration.ofMillis(200)).build();
        try (var pool = V8RuntimePool.builder().size(2).options(options).setup(counting(runs)).build()) {
            var retired = new AtomicInteger();
            assertThatThrownBy(() -> pool.withRuntime(rt -> {
                retired.set((int) rt.executeCode("isolate").asLong());
                return rt.executeCode("while (true) {}");
            })).isInstanceOf(ScriptTimeoutException.class);
            await(() -> pool.getStats().replaced() == 1 && pool.getStats().live() == 2, "the replacement");
            assertThat(runs).hasValue(3);
            pool.withRuntime(outer -> pool.withRuntime(inner -> {
                assertThat(inner).isSameAs(outer); // nested pool calls stay on the held isolate
                return null;
            }));
            for (int i = 0; i < 20; i++) {
                assertThat(pool.executeCode("isolate").asLong()).isBetween(1L, 3L).isNotEqualTo(retired.get());
            }
        }
    }

    @Test
    void maxCallsPerRuntimeRecyclesIsolates() throws Exception {
        var runs = new AtomicInteger();
        try (var pool = V8RuntimePool.builder().size(1).maxCallsPerRuntime(3).setup(counting(runs)).build()) {
            var seen = new ArrayList<Long>();
            for (int i = 0; i < 7; i++) {
                await(() -> pool.getStats().live() == 1, "a live isolate");
                seen.add(pool.executeCode("isolate").asLong());
            }
            assertThat(seen).containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L);
            await(() -> pool.getStats().replaced() == 2, "two replacements");
        }
    }

    @Test
    void aFailingReplacementSetupIsRetriedAndReported() throws Exception {
        var attempts = new AtomicInteger();
        PoolSetup flaky = rt -> {
            int n = attempts.incrementAndGet();
            if (n == 2 || n == 3) {
                throw new IllegalStateException("setup attempt " + n + " failed");
            }
        };
        try (var pool = V8RuntimePool.builder().size(1).maxCallsPerRuntime(1).setup(flaky).build()) {
            assertThat(pool.executeCode("1")).isEqualTo(FFIValue.of(1));
            await(() -> pool.getStats().live() == 1, "the replacement after two failures");
            var st = pool.getStats();
            assertThat(st.setupFailures()).isEqualTo(2);
            assertThat(st.lastSetupFailure()).contains("setup attempt 3 failed");
            assertThat(st.replaced()).isEqualTo(1);
            assertThat(pool.executeCode("2")).isEqualTo(FFIValue.of(2));
        }
    }

    @Test
    void aSetupThatFailsAtBuildFailsTheBuild() {
        assertThatThrownBy(() -> V8RuntimePool.builder().size(2).setup(rt -> {
            throw new java.io.IOException("no handler.mjs");
        }).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no handler.mjs")
                .hasCauseInstanceOf(java.io.IOException.class);
        // loadESModule reports failure by returning false: the pool notices through getLastError
        assertThatThrownBy(() -> V8RuntimePool.builder().size(1)
                .setup(rt -> rt.loadESModule(dir.resolve("missing.mjs").toString(), "handler")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.mjs");
    }

    @Test
    void aCriticalCallerIsServedBeforeQueuedBackgroundCallers() throws Exception {
        var order = new CopyOnWriteArrayList<String>();
        var release = new CountDownLatch(1);
        var scheduler = LightweightScheduler.builder().workers(2).name("pool-priority").build();
        scheduler.start();
        try (scheduler; var pool = V8RuntimePool.builder().size(1).agingBound(Duration.ofHours(1)).build()) {
            var holder = Thread.ofPlatform().start(() -> pool.withRuntime(rt -> {
                await(release);
                return null;
            }));
            await(() -> pool.getStats().busy() == 1, "the holder");
            var fibers = new ArrayList<Fiber<?>>();
            for (int i = 0; i < 3; i++) {
                String name = "background-" + i;
                fibers.add(scheduler.goWithPriority(Priority.BACKGROUND, () -> pool.withRuntime(rt -> order.add(name))));
                int queued = i + 1;
                await(() -> pool.getStats().queued() == queued, "queued background callers");
            }
            fibers.add(scheduler.goWithPriority(Priority.CRITICAL, () -> pool.withRuntime(rt -> order.add("critical"))));
            await(() -> pool.getStats().queued() == 4, "the critical caller queued");
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            for (var f : fibers) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(order).containsExactly("critical", "background-0", "background-1", "background-2");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withRuntimeKeepsOneIsolateForSeveralCalls() {
        try (var pool = V8RuntimePool.builder().size(2).build()) {
            long n = pool.withRuntime(rt -> {
                rt.executeCode("globalThis.counter = 0");
                for (int i = 0; i < 5; i++) {
                    rt.executeCode("counter++");
                }
                // a pool call nested on the same thread lands on the held isolate
                return pool.executeCode("counter").asLong();
            });
            assertThat(n).isEqualTo(5);
            assertThat(pool.getStats().calls()).isEqualTo(2);
        }
    }

    @Test
    void shutdownFailsQueuedCallersPromptly() throws Exception {
        var release = new CountDownLatch(1);
        var pool = V8RuntimePool.builder().size(1).build();
        var inFlight = new CopyOnWriteArrayList<Object>();
        var holder = Thread.ofPlatform().start(() -> inFlight.add(pool.withRuntime(rt -> {
            await(release);
            return rt.executeCode("'finished'");
        })));
        await(() -> pool.getStats().busy() == 1, "the holder");
        var failures = new CopyOnWriteArrayList<Throwable>();
        var waiters = new ArrayList<Thread>();
        for (int i = 0; i < 3; i++) {
            waiters.add(Thread.ofPlatform().start(() -> {
                try {
                    pool.executeCode("1");
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        await(() -> pool.getStats().queued() == 3, "three queued callers");
        pool.shutdown();
        for (var w : waiters) {
            w.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        // the waiters failed while the holder still holds its isolate
        assertThat(failures).hasSize(3).allMatch(t -> t instanceof RuntimeClosedException);
        assertThat(pool.getStats().busy()).isEqualTo(1);
        release.countDown();
        holder.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(inFlight).containsExactly(FFIValue.of("finished"));
        assertThat(pool.getStats().live()).isZero();
        assertThatThrownBy(() -> pool.executeCode("1")).isInstanceOf(RuntimeClosedException.class);
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueAndLosesNoIsolate() throws Exception {
        var release = new CountDownLatch(1);
        try (var pool = V8RuntimePool.builder().size(1).build()) {
            var holder = Thread.ofPlatform().start(() -> pool.withRuntime(rt -> {
                await(release);
                return null;
            }));
            await(() -> pool.getStats().busy() == 1, "the holder");
            var outcome = new CopyOnWriteArrayList<Object>();
            var waiter = Thread.ofPlatform().start(() -> {
                try {
                    pool.executeCode("1");
                } catch (Throwable t) {
                    outcome.add(t);
                    outcome.add(Thread.currentThread().isInterrupted());
                }
            });
            await(() -> pool.getStats().queued() == 1, "the queued waiter");
            waiter.interrupt();
            waiter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(outcome).hasSize(2);
            assertThat(outcome.get(0)).isInstanceOf(java.util.concurrent.CancellationException.class);
            assertThat(outcome.get(1)).isEqualTo(true);
            assertThat(pool.getStats().queued()).isZero();
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(pool.executeCode("'still served'")).isEqualTo(FFIValue.of("still served"));
            assertThat(pool.getStats().busy()).isZero();
        }
    }

    @Test
    void tenThousandCallsFromOneHundredFibersRunExactlyOnce() throws Exception {
        Path module = dir.resolve("hit.mjs");
        Files.writeString(module, "export function hit(id) { record(id); return id; }\n");
        var counts = new ConcurrentHashMap<Long, AtomicInteger>();
        var scheduler = LightweightScheduler.builder().workers(2).name("pool-stress").build();
        scheduler.start();
        try (scheduler; var pool = V8RuntimePool.builder().size(2).setup(rt -> {
            rt.registerFunction("record", args -> {
                counts.computeIfAbsent(args[0].asLong(), k -> new AtomicInteger()).incrementAndGet();
                return null;
            });
            rt.loadModule(module.toString(), "hit");
        }).build()) {
            var priorities = Priority.values();
            var fibers = new ArrayList<Fiber<?>>();
            for (int f = 0; f < 100; f++) {
                int fiber = f;
                fibers.add(scheduler.goWithPriority(priorities[f % priorities.length], () -> {
                    for (int i = 0; i < 100; i++) {
                        long id = fiber * 100L + i;
                        assertThat(pool.callFunction("hit", "hit", FFIValue.of(id))).isEqualTo(FFIValue.of(id));
                    }
                }));
            }
            for (var f : fibers) {
                f.get(WAIT_SECONDS * 2, TimeUnit.SECONDS);
            }
            assertThat(counts).hasSize(10_000);
            assertThat(counts.values()).allMatch(c -> c.get() == 1);
            var st = pool.getStats();
            assertThat(st.calls()).isEqualTo(10_000);
            assertThat(st.busy()).isZero();
            assertThat(st.queued()).isZero();
            assertThat(st.live()).isEqualTo(2);
        }
    }

    @Test
    void isolatesAreSpreadOverNumaNodesInProportionToTheirCpus() {
        var topology = NumaTopology.of(
                List.of(new NumaNode(0, List.of(0, 1, 2), 0, List.of(10, 20)), new NumaNode(1, List.of(3), 0, List.of(20, 10))),
                List.of(new CpuInfo(0, 0, 0, 0), new CpuInfo(1, 1, 0, 0), new CpuInfo(2, 2, 0, 0), new CpuInfo(3, 3, 1, 1)));
        var scheduler = LightweightScheduler.builder().workers(4).topology(topology).affinity(Affinity.none())
                .numaAware(true).build();
        try (scheduler; var pool = V8RuntimePool.builder().scheduler(scheduler).build()) {
            var st = pool.getStats();
            assertThat(st.size()).isEqualTo(4); // the scheduler's worker count
            assertThat(st.isolatesByNode()).isEqualTo(Map.of(0, 3, 1, 1));
            assertThat(pool.executeCode("6 * 7")).isEqualTo(FFIValue.of(42));
        }
    }

    @Test
    void eachIsolatesLoopThreadIsPinnedToItsNodesCpus() throws Exception {
        assumeTrue(Affinity.system().currentThreadAffinity().cardinality() >= 2, "needs two CPUs and sched_setaffinity");
        // This machine's two CPUs presented as two one-CPU nodes: one isolate per node.
        var topology = NumaTopology.of(
                List.of(new NumaNode(0, List.of(0), 0, List.of(10, 20)), new NumaNode(1, List.of(1), 0, List.of(20, 10))),
                List.of(new CpuInfo(0, 0, 0, 0), new CpuInfo(1, 1, 1, 1)));
        var scheduler = LightweightScheduler.builder().workers(2).topology(topology).affinity(Affinity.none())
                .numaAware(true).build();
        try (scheduler; var pool = V8RuntimePool.builder().scheduler(scheduler).build()) {
            // Two callers inside withRuntime at once hold the two isolates; each reads its loop thread's CPUs.
            var both = new CyclicBarrier(2);
            var seen = ConcurrentHashMap.<BitSet>newKeySet();
            var fired = new java.util.concurrent.CountDownLatch(2);
            // A timer callback runs on the loop thread (a caller's own call runs on the caller's thread).
            Callable<Void> caller = () -> pool.withRuntime(rt -> {
                try {
                    both.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    rt.registerFunction("loopCpus", args -> {
                        seen.add(Affinity.system().currentThreadAffinity());
                        fired.countDown();
                        return null;
                    });
                    rt.executeCode("setTimeout(loopCpus, 1)");
                    return null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (var callers = Executors.newFixedThreadPool(2)) {
                var a = callers.submit(caller);
                var b = callers.submit(caller);
                a.get(WAIT_SECONDS, TimeUnit.SECONDS);
                b.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(fired.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            var cpu0 = new BitSet();
            cpu0.set(0);
            var cpu1 = new BitSet();
            cpu1.set(1);
            assertThat(seen).containsExactlyInAnyOrder(cpu0, cpu1);
        }
    }
}
