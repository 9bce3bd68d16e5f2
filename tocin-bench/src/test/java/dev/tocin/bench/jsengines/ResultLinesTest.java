package dev.tocin.bench.jsengines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.bench.BenchResult;
import org.junit.jupiter.api.Test;

class ResultLinesTest {
    @Test
    void roundTripsNamesWithQuotesBackslashesAndControlCharacters() {
        var r = new BenchResult("js-engines", "java->js \"add\"\\x\n\t", "graaljs-jit", 1234.5678, "ns/element", false);
        assertThat(ResultLines.parse(ResultLines.format(r))).contains(r);
    }

    @Test
    void keepsHigherIsBetterAndSmallValues() {
        var r = new BenchResult("js-engines", "concurrency 2 threads", "tocin", 0.000123456, "calls/s", true);
        var back = ResultLines.parse(ResultLines.format(r)).orElseThrow();
        assertThat(back.higherIsBetter()).isTrue();
        assertThat(back.value()).isEqualTo(0.000123456);
    }

    @Test
    void otherLinesAreNotResults() {
        assertThat(ResultLines.parse("WARNING: 1 V8 object(s) not recycled")).isEmpty();
        assertThat(ResultLines.parse("{\"suite\":\"x\"}")).isEmpty();
        assertThat(ResultLines.parse("")).isEmpty();
    }
}
