package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void tablePutsOursFirstAndSaysHowManyTimesBetterOrWorse() {
        var run = Cli.run("bench", "fake");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var lines = run.out().lines().map(String::strip).toList();
        assertThat(lines).contains("fake");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("spawn\\s+tocin\\s+200\\.00\\s+ops/s\\s+\\(ours\\)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("spawn\\s+peer-slow\\s+100\\.00\\s+ops/s\\s+2\\.00x better"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("spawn\\s+peer-fast\\s+400\\.00\\s+ops/s\\s+2\\.00x worse"));
        // A time: lower is better, so 2.5 ms against 5 ms is twice as good.
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("latency\\s+peer-slow\\s+5\\.00\\s+ms\\s+2\\.00x better"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "latency\\s+peer-stuck \\(not finished within 10 ms\\)\\s+10\\.00\\s+ms\\s+at least 4\\.00x better"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("peer-only\\s+peer-slow\\s+1,234,567\\s+ops/s\\s+-"));
        int ours = indexOf(lines, "spawn", "tocin");
        assertThat(ours).isLessThan(indexOf(lines, "spawn", "peer-slow"));
        assertThat(run.err()).contains("[fake] spawn: 1/2").contains("[fake] done in");
        assertThat(FakeBenchSuite.lastOptions.quick()).isFalse();
    }

    @Test
    void jsonPrintsOneObjectPerFigureOnStdoutOnly() {
        var run = Cli.run("bench", "--quick", "--json", "fake");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(7).contains(
                "{\"suite\":\"fake\",\"name\":\"spawn\",\"impl\":\"tocin\",\"value\":200,\"unit\":\"ops/s\"}",
                "{\"suite\":\"fake\",\"name\":\"latency\",\"impl\":\"tocin\",\"value\":2.5,\"unit\":\"ms\"}");
        assertThat(run.err()).contains("[fake] latency: 2/2");
        assertThat(FakeBenchSuite.lastOptions.quick()).isTrue();
    }

    @Test
    void unknownSuiteIsAUsageErrorNamingTheValidOnes() {
        var run = Cli.run("bench", "nosuch");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown suite 'nosuch'").contains("valid suites: all,")
                .contains("fake").contains("broken").contains("Usage:");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aFailingSuiteIsReportedAndExitsWith1() {
        var run = Cli.run("bench", "broken");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("suite broken failed").contains("the peer is not installed");
    }

    @Test
    void comparisonWordsCoverBothDirections() {
        assertThat(BenchTable.comparison(1.0)).isEqualTo("1.00x better");
        assertThat(BenchTable.comparison(0.25)).isEqualTo("4.00x worse");
        assertThat(BenchTable.comparison(Double.POSITIVE_INFINITY)).isEqualTo("n/a");
    }

    @Test
    void jsonEscapesStringsAndRefusesNonFiniteNumbers() {
        assertThat(Json.string("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
        assertThat(Json.number(Double.NaN)).isEqualTo("null");
        assertThat(Json.number(3)).isEqualTo("3");
        assertThat(Json.number(0.125)).isEqualTo("0.125");
    }

    private static int indexOf(java.util.List<String> lines, String workload, String impl) {
        for (int i = 0; i < lines.size(); i++) {
            var cells = lines.get(i).split("\\s+");
            if (cells.length > 1 && cells[0].equals(workload) && cells[1].equals(impl)) {
                return i;
            }
        }
        return -1;
    }
}
