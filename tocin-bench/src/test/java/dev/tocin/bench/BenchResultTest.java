package dev.tocin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchResultTest {
    @Test
    void advantageIsAboveOneWhenOursIsFasterForTimesAndRates() {
        var oursTime = new BenchResult("s", "w", "tocin", 50, "ms", false);
        var peerTime = new BenchResult("s", "w", "ForkJoinPool", 100, "ms", false);
        assertThat(oursTime.advantageOver(peerTime)).isEqualTo(2.0);

        var oursRate = new BenchResult("s", "r", "tocin", 50, "ops/s", true);
        var peerRate = new BenchResult("s", "r", "ForkJoinPool", 100, "ops/s", true);
        assertThat(oursRate.advantageOver(peerRate)).isEqualTo(0.5);
    }

    @Test
    void refusesToCompareDifferentWorkloads() {
        var a = new BenchResult("s", "w", "tocin", 1, "ms", false);
        var b = new BenchResult("s", "other", "peer", 1, "ms", false);
        assertThatThrownBy(() -> a.advantageOver(b)).hasMessageContaining("other");
    }
}
