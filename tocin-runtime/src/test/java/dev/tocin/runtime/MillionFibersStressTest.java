package dev.tocin.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The exactly-once check at full size; only with the stress profile ({@code -Dtocin.stress.fibers=1000000}). */
@EnabledIfSystemProperty(named = "tocin.stress.fibers", matches = "\\d+")
class MillionFibersStressTest {
    @Test
    void everyAcceptedFiberOfAMillionRunsExactlyOnceUnderAStopRace() throws Exception {
        ExactlyOnceProperties.check(4, false, 97, 1234, Integer.getInteger("tocin.stress.fibers"));
    }

    @Test
    void everyFiberOfAMillionRunsExactlyOnceWithoutStop() throws Exception {
        ExactlyOnceProperties.check(2, false, 100, 99, Integer.getInteger("tocin.stress.fibers"));
    }
}
