package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerBasicsTest {
    static LightweightScheduler.Builder builder(int workers) {
        return LightweightScheduler.builder().workers(workers).topology(NumaTopology.singleNode(2)).affinity(Affinity.none());
    }

    @Test
    void runsFibersAndReturnsResults() {
        try (var s = builder(2).build()) {
            s.start();
            var f = s.go(() -> 6 * 7);
            assertThat(f.join()).isEqualTo(42);
            assertThat(s.getStats().mode()).isEqualTo(SchedulerStats.Mode.FIBERS);
        }
    }

    @Test
    void parkedFibersFreeTheirWorkers() {
        try (var s = builder(2).build()) {
            s.start();
            int n = 50;
            var all = new CountDownLatch(n);
            var done = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                s.go(() -> {
                    all.countDown();
                    try {
                        all.await();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                    done.incrementAndGet();
                });
            }
            assertThat(s.waitAll(Duration.ofSeconds(30))).isTrue();
            assertThat(done).hasValue(n);
            assertThat(s.getStats().completedFibers()).isEqualTo(n);
        }
    }
}
