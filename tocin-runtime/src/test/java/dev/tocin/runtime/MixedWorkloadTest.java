package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A mix like `tocin stats` runs: compute, sleep (park/resume), sleep inside Fiber.blocking (spares
 * come and go while fibers resume), children, priority changes. Regression: a spare retiring right
 * after its runner had claimed a fiber to resume lost that fiber, and waitAll never returned.
 */
class MixedWorkloadTest {
    @RepeatedTest(3)
    void everyFiberOfAMixedWorkloadFinishes() {
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            int fibers = 3000;
            for (int i = 0; i < fibers; i++) {
                int kind = i % 10;
                var f = s.goWithPriority(Priority.of(i % 5), () -> {
                    switch (kind) {
                        case 0 -> Thread.sleep(1);
                        case 1 -> Fiber.blocking(() -> {
                            Thread.sleep(1);
                            return null;
                        });
                        case 2 -> {
                            s.go(() -> { });
                            s.go(() -> { });
                        }
                        default -> {
                            long x = kind;
                            for (int k = 0; k < 2000; k++) {
                                x = x * 6364136223846793005L + 1442695040888963407L;
                            }
                            if (x == 42) {
                                throw new AssertionError("unlikely");
                            }
                        }
                    }
                    return null;
                });
                if (i % 50 == 4) {
                    f.setPriority(Priority.HIGH);
                }
            }
            assertThat(s.waitAll(Duration.ofSeconds(120))).as("all fibers finished: " + s.getStats()).isTrue();
            assertThat(s.getStats().completedFibers()).isEqualTo(fibers + 600);
            assertThat(s.getStats().failedFibers()).isZero();
        }
    }
}
