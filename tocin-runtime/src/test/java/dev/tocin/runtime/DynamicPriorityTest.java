package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DynamicPriorityTest {
    @Test
    void raisingAQueuedFiberMovesItAheadAndLoweringMovesItBehind() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).agingBound(Duration.ofHours(1)).build()) {
            s.start();
            var gate = new Gate();
            s.goWithPriority(Priority.CRITICAL, gate);
            gate.awaitEntered();
            var ran = new ConcurrentLinkedQueue<String>();
            s.go(() -> { ran.add("n1"); });
            var late = s.goWithPriority(Priority.BACKGROUND, () -> { ran.add("raised"); });
            var early = s.goWithPriority(Priority.CRITICAL, () -> { ran.add("lowered"); });
            s.go(() -> { ran.add("n2"); });
            late.setPriority(Priority.HIGH);
            early.setPriority(Priority.LOW);
            assertThat(late.priority()).isEqualTo(Priority.HIGH);
            gate.open();
            s.waitAll();
            assertThat(ran).containsExactly("raised", "n1", "n2", "lowered");
            assertThat(s.getStats().completedFibers()).isEqualTo(5);
        }
    }

    @Test
    void priorityChangesBeforeStartAreKept() {
        // regression: after the placement split, setPriority before start() threw ArrayIndexOutOfBounds
        try (var s = SchedulerBasicsTest.builder(1).agingBound(Duration.ofHours(1)).build()) {
            var ran = new ConcurrentLinkedQueue<String>();
            var gate = new Gate(); // holds the one worker until start() has placed every queued fiber
            s.goWithPriority(Priority.CRITICAL, gate);
            var low = s.goWithPriority(Priority.LOW, () -> { ran.add("raised"); });
            s.go(() -> { ran.add("normal"); });
            var high = s.goWithPriority(Priority.HIGH, () -> { ran.add("lowered"); });
            low.setPriority(Priority.CRITICAL);
            high.setPriority(Priority.BACKGROUND);
            s.start();
            gate.open();
            s.waitAll();
            assertThat(ran).containsExactly("raised", "normal", "lowered");
            assertThat(s.getStats().completedFibers()).isEqualTo(4);
        }
    }

    @Test
    void aParkedFiberResumesAtTheLevelItWasGivenWhileParked() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).agingBound(Duration.ofHours(1)).build()) {
            s.start();
            var ran = new ConcurrentLinkedQueue<String>();
            var wake = new CountDownLatch(1);
            var parked = new CountDownLatch(1);
            var sleeper = s.goWithPriority(Priority.BACKGROUND, () -> {
                parked.countDown();
                wake.await();
                ran.add("resumed");
                return null;
            });
            parked.await();
            var gate = new Gate();
            s.goWithPriority(Priority.CRITICAL, gate);
            gate.awaitEntered(); // the sleeper is parked: its worker is free to run the gate
            s.go(() -> { ran.add("normal"); });
            sleeper.setPriority(Priority.HIGH);
            wake.countDown(); // queues the sleeper again, at HIGH
            while (s.getStats().queued().get(Priority.HIGH) == 0) {
                Thread.onSpinWait();
            }
            gate.open();
            s.waitAll();
            assertThat(ran).containsExactly("resumed", "normal");
        }
    }

    @Test
    void childrenInheritTheirParentsLevelUnlessGivenOne() {
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var seen = new ConcurrentLinkedQueue<String>();
            s.goWithPriority(Priority.HIGH, () -> {
                seen.add("parent " + Fiber.currentPriority());
                s.go(() -> {
                    seen.add("child " + Fiber.currentPriority());
                    s.go(() -> { seen.add("grandchild " + Fiber.currentPriority()); });
                });
                s.goWithPriority(Priority.LOW, () -> { seen.add("explicit " + Fiber.currentPriority()); });
                s.execute(() -> seen.add("executed " + Fiber.currentPriority()));
            });
            s.waitAll();
            assertThat(seen).containsExactlyInAnyOrder("parent HIGH", "child HIGH", "grandchild HIGH", "explicit LOW", "executed HIGH");
            assertThat(s.go(() -> Fiber.currentPriority()).join()).isEqualTo(Priority.NORMAL);
        }
    }

    @Test
    void currentIsTheRunningFiber() {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var holder = new java.util.concurrent.atomic.AtomicReference<Fiber<?>>();
            Fiber<Void> f = s.go(() -> { holder.set(Fiber.current().orElseThrow()); });
            f.join();
            assertThat(holder.get()).isSameAs(f);
            assertThat(Fiber.current()).isEmpty();
        }
    }
}
