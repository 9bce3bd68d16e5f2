package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 12 item 13: settings out of range fail at once with the value and the allowed range. */
class BuilderValidationTest {
    @Test
    void workerCountsOutsideTheRangeAreRefusedNamingValueAndRange() {
        assertThatThrownBy(() -> LightweightScheduler.builder().workers(100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers must be between 1 and 4096, got 100000");
        assertThatThrownBy(() -> LightweightScheduler.builder().workers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new LightweightScheduler(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -3");
        assertThatThrownBy(() -> LightweightScheduler.builder().maxSpareWorkers(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSpareWorkers must be between 0 and 4096, got 2147483647");
    }

    @Test
    void agingBoundsOutsideTheRangeAreRefusedNamingValueAndRange() {
        var huge = Duration.ofSeconds(Long.MAX_VALUE);
        assertThatThrownBy(() -> LightweightScheduler.builder().agingBound(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("aging bound must be between 1 ms (the aging clock's tick) and 24 h, got " + huge);
        assertThatThrownBy(() -> LightweightScheduler.builder().agingBound(Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got PT0.00000001S");
        assertThatThrownBy(() -> LightweightScheduler.builder().agingBound(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        try (var s = SchedulerBasicsTest.builder(1).agingBound(LightweightScheduler.MAX_AGING_BOUND).build()) {
            s.start();
            assertThat(s.go(() -> 1).join()).isEqualTo(1);
        }
        LightweightScheduler.builder().workers(LightweightScheduler.MAX_WORKERS).maxSpareWorkers(0);
    }
}
