package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PriorityOrderingTest {
    private static final Duration NO_AGING = Duration.ofHours(1);

    record Ran(int seq, Priority priority) {
    }

    @Test
    void oneWorkerRunsQueuedFibersByLevelThenFifo() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).agingBound(NO_AGING).build()) {
            s.start();
            var gate = new Gate();
            s.goWithPriority(Priority.CRITICAL, gate);
            gate.awaitEntered();
            var ran = new ConcurrentLinkedQueue<Ran>();
            var random = new Random(42);
            var expected = new ArrayList<Ran>();
            for (int i = 0; i < 500; i++) {
                var p = Priority.of(random.nextInt(5));
                var r = new Ran(i, p);
                expected.add(r);
                s.goWithPriority(p, () -> { ran.add(r); });
            }
            gate.open();
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();
            expected.sort(Comparator.comparing(Ran::priority).thenComparing(Ran::seq));
            assertThat(List.copyOf(ran)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void fibersStartedBeforeStartRunByLevel() {
        try (var s = SchedulerBasicsTest.builder(1).agingBound(NO_AGING).build()) {
            var ran = new ConcurrentLinkedQueue<Priority>();
            for (var p : List.of(Priority.BACKGROUND, Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL)) {
                s.goWithPriority(p, () -> { ran.add(p); });
            }
            assertThat(s.getStats().queuedTotal()).isEqualTo(5);
            s.start();
            s.waitAll();
            assertThat(ran).containsExactly(Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW, Priority.BACKGROUND);
        }
    }

    @Test
    void fibersStartedByAFiberQueueOnItsWorkerByLevel() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).agingBound(NO_AGING).build()) {
            s.start();
            var ran = new ConcurrentLinkedQueue<Priority>();
            var spawned = new CountDownLatch(1);
            s.go(() -> {
                for (var p : List.of(Priority.LOW, Priority.BACKGROUND, Priority.CRITICAL, Priority.NORMAL, Priority.HIGH)) {
                    s.goWithPriority(p, () -> { ran.add(p); });
                }
                spawned.countDown();
            });
            spawned.await();
            s.waitAll();
            assertThat(ran).containsExactly(Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW, Priority.BACKGROUND);
        }
    }

    @Test
    void stealersTakeTheVictimsMostUrgentLevelFirst() throws Exception {
        try (var s = SchedulerBasicsTest.builder(2).agingBound(NO_AGING).build()) {
            s.start();
            var ran = new ConcurrentLinkedQueue<Priority>();
            var spawnedAll = new Gate(); // opened by the spawning fiber; holds the other worker until then
            var children = new CountDownLatch(5);
            var stealerWorker = new java.util.concurrent.atomic.AtomicReference<Thread>();
            var spawnerWorker = new java.util.concurrent.atomic.AtomicReference<Thread>();
            s.goWithPriority(Priority.CRITICAL, spawnedAll);
            spawnedAll.awaitEntered();
            s.goWithPriority(Priority.CRITICAL, () -> {
                spawnerWorker.set(Worker.current());
                for (var p : List.of(Priority.BACKGROUND, Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL)) {
                    s.goWithPriority(p, () -> {
                        stealerWorker.compareAndSet(null, Worker.current());
                        ran.add(p);
                        children.countDown();
                    });
                }
                spawnedAll.open();
                while (children.getCount() > 0) {
                    Thread.onSpinWait(); // keep this worker busy: only the other one can run the children
                }
            });
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(ran).containsExactly(Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW, Priority.BACKGROUND);
            assertThat(stealerWorker.get()).isNotSameAs(spawnerWorker.get());
            assertThat(s.getStats().steals()).isEqualTo(5);
        }
    }

    /**
     * A worker whose own rings hold one level only takes from them without comparing (issue 18's
     * ninth round), but not while another worker holds a more urgent level: that is stolen first.
     * The urgent fiber is queued while the first NORMAL one runs, whose take cleared the node
     * queue's bit left by the two fibers submitted from here, so the next take is such a lone level.
     */
    @Test
    void aWorkerWithOwnWorkStealsAMoreUrgentFiberFirst() throws Exception {
        try (var s = SchedulerBasicsTest.builder(2).agingBound(NO_AGING).build()) {
            s.start();
            var ran = new ConcurrentLinkedQueue<Priority>();
            var holding = new CountDownLatch(1);
            var firstOwnRunning = new CountDownLatch(1);
            var urgentQueued = new CountDownLatch(1);
            var urgentRan = new CountDownLatch(1);
            s.go(() -> { // one worker: queues the urgent fiber on its own ring and stays busy
                holding.countDown();
                spinUntil(firstOwnRunning);
                s.goWithPriority(Priority.CRITICAL, () -> {
                    ran.add(Priority.CRITICAL);
                    urgentRan.countDown();
                });
                urgentQueued.countDown();
                spinUntil(urgentRan);
            });
            holding.await();
            s.go(() -> { // the other: queues NORMAL fibers on its own ring
                for (int i = 0; i < 8; i++) {
                    s.go(() -> {
                        ran.add(Priority.NORMAL);
                        firstOwnRunning.countDown();
                        spinUntil(urgentQueued);
                    });
                }
            });
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(new ArrayList<>(ran)).hasSize(9).element(1).isEqualTo(Priority.CRITICAL);
        }
    }

    /** Keeps the calling fiber's worker busy (a parked fiber would free it) until the latch opens. */
    private static void spinUntil(CountDownLatch latch) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (latch.getCount() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not reached within 30 s");
            }
            Thread.onSpinWait();
        }
    }
}
