package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutorServiceContractTest {
    @Test
    void submitInvokeAllAndInvokeAny() throws Exception {
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            assertThat(s.submit(() -> "x").get()).isEqualTo("x");
            assertThat(s.submit(() -> { }, 7).get()).isEqualTo(7);
            List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
            assertThat(s.invokeAll(tasks)).extracting(Future::get).containsExactly(1, 2, 3);
            assertThat(s.invokeAny(tasks)).isIn(1, 2, 3);
        }
    }

    @Test
    void stopLetsQueuedFibersFinishAndRejectsNewOnes() throws Exception {
        var s = SchedulerBasicsTest.builder(1).build();
        s.start();
        var gate = new Gate();
        s.go(gate);
        gate.awaitEntered();
        var ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            s.go(ran::incrementAndGet);
        }
        s.stop();
        assertThat(s.isShutdown()).isTrue();
        assertThatThrownBy(() -> s.go(() -> { }))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("stop");
        assertThat(s.isTerminated()).isFalse();
        gate.open();
        assertThat(s.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(10);
        assertThat(s.isTerminated()).isTrue();
        assertThat(s.getStats().completedFibers()).isEqualTo(11);
    }

    @Test
    void fibersOfAStoppingSchedulerMayStillStartChildren() throws Exception {
        var s = SchedulerBasicsTest.builder(1).build();
        s.start();
        var release = new CountDownLatch(1);
        var child = new AtomicInteger();
        s.go(() -> {
            release.await();
            s.go(child::incrementAndGet).join();
            return null;
        });
        s.stop();
        release.countDown();
        assertThat(s.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child).hasValue(1);
    }

    /**
     * A fiber cancelled without interrupt keeps running (its outcome is already "cancelled"), and
     * shutdownNow still interrupts it: the interrupter tells a cancelled fiber's running task from
     * an ended one by the DONE its runner writes at the end, not by the outcome.
     */
    @Test
    void shutdownNowInterruptsARunningFiberThatWasCancelledWithoutInterrupt() throws Exception {
        var s = SchedulerBasicsTest.builder(1).build();
        s.start();
        var entered = new CountDownLatch(1);
        var interrupted = new CountDownLatch(1);
        Fiber<Void> busy = s.go(() -> {
            entered.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            interrupted.countDown();
        });
        entered.await();
        assertThat(busy.cancel(false)).isTrue();
        s.shutdownNow();
        assertThat(interrupted.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(busy.isCancelled()).isTrue();
    }

    @Test
    void shutdownNowReturnsWhatNeverRanAndInterruptsTheRest() throws Exception {
        var s = SchedulerBasicsTest.builder(1).build();
        s.start();
        var entered = new CountDownLatch(1);
        var interrupted = new AtomicInteger();
        Fiber<Void> busy = s.go(() -> {
            entered.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait(); // holds the only worker until interrupted
            }
            interrupted.incrementAndGet();
        });
        entered.await();
        var ran = new AtomicInteger();
        var queued = List.of(s.go(ran::incrementAndGet), s.go(ran::incrementAndGet), s.go(ran::incrementAndGet));
        List<Runnable> neverRan = s.shutdownNow();
        assertThat(neverRan).hasSize(3);
        assertThat(s.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).hasValue(1);
        assertThat(busy.state()).isEqualTo(Future.State.SUCCESS);
        assertThat(ran).hasValue(0);
        for (var f : queued) {
            assertThat(f.isCancelled()).isTrue();
            assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
        }
        neverRan.forEach(Runnable::run);
        assertThat(ran).hasValue(3);
        assertThat(s.getStats().completedFibers()).isEqualTo(4);
    }

    @Test
    void cancellingAQueuedFiberKeepsItFromRunning() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var gate = new Gate();
            s.go(gate);
            gate.awaitEntered();
            var ran = new AtomicInteger();
            var f = s.go(ran::incrementAndGet);
            assertThat(f.cancel(false)).isTrue();
            assertThat(f.cancel(false)).isFalse();
            gate.open();
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(ran).hasValue(0);
            assertThat(s.getStats().completedFibers()).isEqualTo(2);
        }
    }

    @Test
    void cancelWithInterruptReachesAParkedFiber() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var parked = new CountDownLatch(1);
            var never = new CountDownLatch(1);
            var sawInterrupt = new CountDownLatch(1);
            Fiber<Void> f = s.go(() -> {
                parked.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    sawInterrupt.countDown();
                }
            });
            parked.await();
            assertThat(f.cancel(true)).isTrue();
            assertThat(sawInterrupt.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(f.isCancelled()).isTrue();
            // The next fiber on the same runner must not inherit the interrupt.
            assertThat(s.go(() -> Thread.currentThread().isInterrupted()).join()).isFalse();
        }
    }

    @Test
    void waitAllAndCloseFromInsideAFiberAreRefused() {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var f = s.go(() -> {
                s.waitAll();
                return null;
            });
            assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalStateException.class)
                    .cause().hasMessageContaining("would wait for itself");
        }
    }

    @Test
    void closeWaitsForEverything() {
        var s = SchedulerBasicsTest.builder(2).build();
        s.start();
        var ran = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            s.go(ran::incrementAndGet);
        }
        s.close();
        assertThat(ran).hasValue(1000);
        assertThat(s.isTerminated()).isTrue();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("create a new one");
    }

    @Test
    void stoppingANeverStartedSchedulerRunsWhatWasQueued() {
        var s = SchedulerBasicsTest.builder(1).build();
        var ran = new AtomicInteger();
        s.go(ran::incrementAndGet);
        s.close();
        assertThat(ran).hasValue(1);
    }
}
