package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsCommandTest {
    @Test
    void tableShowsEveryFiberCompletedAfterTheWorkload() {
        var run = Cli.run("stats", "--fibers", "3000", "--workers", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // 3000 fibers, every tenth starts two children: 3600 in all.
        assertThat(run.out()).contains("workload: 3,000 fibers");
        assertThat(after(run.out(), "completedFibers")).isEqualTo("3600");
        assertThat(after(run.out(), "submittedFibers")).isEqualTo("3600");
        assertThat(after(run.out(), "activeFibers")).isEqualTo("0");
        assertThat(after(run.out(), "failedFibers")).isEqualTo("0");
        assertThat(after(run.out(), "totalWorkers")).isEqualTo("2");
        assertThat(run.out()).contains("queued[CRITICAL]").contains("queued[BACKGROUND]").contains("nodes[0].fibersRun");
    }

    @Test
    void jsonHoldsBothSnapshots() {
        var run = Cli.run("stats", "--fibers", "1000", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("{\"fibers\":1000,\"elapsedMs\":")
                .contains("\"during\":{\"mode\":")
                .containsPattern("\"after\":\\{[^}]*\"completedFibers\":1200,")
                .contains("\"queued\":{\"CRITICAL\":"));
    }

    @Test
    void badCountsAreUsageErrors() {
        assertThat(Cli.run("stats", "--fibers", "0").exitCode()).isEqualTo(2);
        assertThat(Cli.run("stats", "--workers", "-1").exitCode()).isEqualTo(2);
        assertThat(Cli.run("stats", "--fibers", "many").exitCode()).isEqualTo(2);
    }

    record Inner(int a, List<String> b) {
    }

    record Outer(String name, Inner inner, Map<String, Long> counts, String missing) {
    }

    @Test
    void recordsFlattenToRowsAndJson() {
        var value = new Outer("x", new Inner(1, List.of("p", "q")), Map.of("k", 7L), null);
        assertThat(RecordFields.rows(value)).extracting(r -> r.name() + "=" + r.value())
                .containsExactly("name=x", "inner.a=1", "inner.b[0]=p", "inner.b[1]=q", "counts[k]=7", "missing=-");
        assertThat(RecordFields.json(value))
                .isEqualTo("{\"name\":\"x\",\"inner\":{\"a\":1,\"b\":[\"p\",\"q\"]},\"counts\":{\"k\":7},\"missing\":null}");
    }

    /** The "after" column of a statistic's row. */
    private static String after(String table, String statistic) {
        return table.lines().map(String::strip).filter(l -> l.startsWith(statistic + " "))
                .map(l -> l.split("\\s+")).map(cells -> cells[cells.length - 1]).findFirst().orElseThrow();
    }
}
