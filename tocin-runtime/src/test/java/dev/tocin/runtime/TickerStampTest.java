package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A queued fiber's stamp is an {@code int} of the aging clock: waits stay exact across its wrap. */
class TickerStampTest {
    private static final long UNIT = 1L << 16;

    @Test
    void waitsAreExactAcrossTheWrapOfTheInt() {
        assertThat(Ticker.nanosBetween(Integer.MAX_VALUE, Integer.MIN_VALUE)).isEqualTo(UNIT);
        assertThat(Ticker.nanosBetween(Integer.MAX_VALUE - 9, Integer.MIN_VALUE + 10)).isEqualTo(20 * UNIT);
        assertThat(Ticker.nanosBetween(-5, 5)).isEqualTo(10 * UNIT);
    }

    @Test
    void theLongestAgingBoundFitsInTheStampsRange() {
        long oneDayInUnits = Duration.ofDays(1).toNanos() / UNIT;
        assertThat(oneDayInUnits).isLessThan(Integer.MAX_VALUE);
        int queued = Integer.MAX_VALUE - 100;
        int now = (int) (queued + oneDayInUnits); // wraps
        assertThat(Ticker.nanosBetween(queued, now)).isEqualTo(oneDayInUnits * UNIT);
    }
}
