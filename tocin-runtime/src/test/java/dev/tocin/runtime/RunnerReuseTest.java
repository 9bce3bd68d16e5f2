package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A runner (one virtual thread) runs never-started fibers one after another; a new one costs a
 * virtual thread's start. A stealer whose runner ended each time a steal came back empty, that is
 * at every gap in the producer's stream, started 100-350 runners per 10,000 no-op children of one
 * fiber once the JIT had compiled the spawn path (after about 600 such bursts; 2-35 before), and
 * about one since its runner searches before it ends (issue 18's eighth round).
 */
class RunnerReuseTest {
    private static final int TASKS = 10_000;
    private static final int WARM_UP_BURSTS = 1_000;
    private static final int MEASURED_BURSTS = 500;
    /** Ten times the 1-2 runners a burst takes now: a gap longer than a worker's search (a descheduled producer) may end one. */
    private static final double MAX_RUNNERS_PER_BURST = 20;
    private static final Runnable NOOP = () -> { };

    @Test
    void aStealerKeepsItsRunnerThroughGapsInAProducersStream() {
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            Runnable spawnAll = () -> {
                for (int i = 0; i < TASKS; i++) {
                    s.execute(NOOP);
                }
            };
            long measuredFrom = 0;
            for (int burst = 0; burst < WARM_UP_BURSTS + MEASURED_BURSTS; burst++) {
                if (burst == WARM_UP_BURSTS) {
                    measuredFrom = runnersStarted(s);
                }
                s.execute(spawnAll);
                assertThat(s.waitAll(Duration.ofSeconds(30))).as("burst %d finished", burst).isTrue();
            }
            double perBurst = (runnersStarted(s) - measuredFrom) / (double) MEASURED_BURSTS;
            assertThat(perBurst).as("runners started per burst once warm").isLessThanOrEqualTo(MAX_RUNNERS_PER_BURST);
        }
    }

    private static long runnersStarted(LightweightScheduler s) {
        return s.allWorkers().stream().mapToLong(Worker::runnersStarted).sum();
    }
}
