package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class RunToCompletionModeTest {
    @Test
    void withoutVirtualThreadsTasksRunOnWorkersByLevelAndTheModeIsReported() {
        try (var s = SchedulerBasicsTest.builder(1).runToCompletion().agingBound(Duration.ofHours(1)).build()) {
            var ran = new ConcurrentLinkedQueue<String>();
            for (var p : List.of(Priority.LOW, Priority.CRITICAL, Priority.NORMAL)) {
                s.goWithPriority(p, () -> {
                    ran.add(p + " " + Fiber.currentPriority() + " " + Thread.currentThread().isVirtual());
                    s.go(() -> { ran.add("child " + Fiber.currentPriority()); });
                });
            }
            s.start();
            s.waitAll();
            assertThat(ran).containsExactly("CRITICAL CRITICAL false", "child CRITICAL", "NORMAL NORMAL false",
                    "child NORMAL", "LOW LOW false", "child LOW");
            var stats = s.getStats();
            assertThat(stats.mode()).isEqualTo(SchedulerStats.Mode.RUN_TO_COMPLETION);
            assertThat(stats.fallback()).hasValueSatisfying(r -> assertThat(r).contains("run-to-completion"));
            assertThat(stats.completedFibers()).isEqualTo(6);
        }
    }

    @Test
    void fibersModeReportsNoFallback() {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            assertThat(s.getStats().mode()).isEqualTo(SchedulerStats.Mode.FIBERS);
            assertThat(s.getStats().fallback()).isEmpty();
        }
    }
}
