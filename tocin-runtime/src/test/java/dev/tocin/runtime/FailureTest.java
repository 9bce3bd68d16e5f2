package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FailureTest {
    @Test
    void aThrowingFiberCompletesExceptionallyAndTheWorkerLivesOn() throws Exception {
        var reported = new ConcurrentLinkedQueue<Throwable>();
        try (var s = SchedulerBasicsTest.builder(1).uncaughtExceptionHandler((f, e) -> reported.add(e)).build()) {
            s.start();
            var boom = new IllegalStateException("boom");
            Fiber<Integer> failing = s.go(() -> {
                throw boom;
            });
            assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class).hasCause(boom);
            assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasCause(boom);
            assertThatThrownBy(failing::result).isInstanceOf(CompletionException.class).hasCause(boom);
            assertThat(failing.state()).isEqualTo(Future.State.FAILED);
            assertThat(failing.exceptionNow()).isSameAs(boom);
            s.execute(() -> {
                throw new UnsupportedOperationException("detached");
            });
            assertThat(s.go(() -> "still alive").join()).isEqualTo("still alive");
            s.waitAll();
            var stats = s.getStats();
            assertThat(stats.failedFibers()).isEqualTo(2);
            assertThat(stats.completedFibers()).isEqualTo(3);
            assertThat(reported).extracting(Throwable::getMessage).containsExactlyInAnyOrder("boom", "detached");
        }
    }

    @Test
    void aThrowingHandlerDoesNotKillTheWorker() {
        try (var s = SchedulerBasicsTest.builder(1).uncaughtExceptionHandler((f, e) -> {
            throw new IllegalStateException("handler bug");
        }).build()) {
            s.start();
            s.execute(() -> {
                throw new IllegalArgumentException("task bug");
            });
            assertThat(s.go(() -> 1).join()).isEqualTo(1);
            s.waitAll();
            assertThat(s.getStats().failedFibers()).isEqualTo(1);
        }
    }

    @Test
    void resultOfAnUnfinishedFiberSaysSo() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var gate = new Gate();
            var held = s.go(gate);
            gate.awaitEntered();
            assertThatThrownBy(held::result).isInstanceOf(IllegalStateException.class).hasMessageContaining("not finished");
            assertThat(held.state()).isEqualTo(Future.State.RUNNING);
            gate.open();
            assertThat(held.join()).isNull();
            assertThat(held.state()).isEqualTo(Future.State.SUCCESS);
        }
    }
}
