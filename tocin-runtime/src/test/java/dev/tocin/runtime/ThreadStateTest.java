package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class ThreadStateTest {
    private static final ThreadLocal<String> LOCAL = new ThreadLocal<>();

    @Test
    void eachFiberStartsWithFreshThreadLocalsAndNoInterrupt() {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var seen = new ConcurrentLinkedQueue<String>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                s.go(() -> {
                    seen.add(LOCAL.get() + "/" + Thread.currentThread().isInterrupted());
                    LOCAL.set("fiber " + n);
                    Thread.currentThread().interrupt();
                });
            }
            s.waitAll();
            assertThat(seen).hasSize(20).containsOnly("null/false");
        }
    }

    @Test
    void fibersRunOnVirtualThreadsWhoseCarriersAreTheWorkers() {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            assertThat(s.go(() -> Thread.currentThread().isVirtual()).join()).isTrue();
            assertThat(s.go(() -> Worker.current().getName()).join()).contains("-worker-0");
        }
    }
}
