package dev.tocin.bench.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Measuring a whole process: wall time, peak RSS, and a failing command named in the error. */
class ProcessRunTest {
    @TempDir
    Path work;

    @Test
    void aProcessThatTouchesMemoryReportsItsPeakRss() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "/usr/bin/time is not installed");
        // 64 MB of a shell variable: the peak must show it, a bare shell must not.
        var big = ProcessRun.measure(List.of("sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}"),
                Map.of(), work);
        var small = ProcessRun.measure(List.of("sh", "-c", "exit 0"), Map.of(), work);
        assertThat(big.wallMs()).isPositive();
        assertThat(small.peakRssMb()).isPositive().isLessThan(32);
        assertThat(big.peakRssMb()).isGreaterThan(64);
        try (var left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFailingCommandIsAnErrorWithItsExitCodeAndOutput() {
        assertThatThrownBy(() -> ProcessRun.measure(List.of("sh", "-c", "echo broken; exit 3"), Map.of("X", "1"), work))
                .isInstanceOf(IOException.class).hasMessageContaining("exited with 3").hasMessageContaining("broken");
    }

    @Test
    void theMedianOfOddAndEvenCounts() {
        assertThat(StartupSuite.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(StartupSuite.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(StartupSuite.median(new double[0])).isNaN();
    }
}
