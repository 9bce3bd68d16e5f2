package dev.tocin.bench.jsengines;

import dev.tocin.bench.BenchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The results of one run, in the order measured; each row is also reported as progress. */
final class Rows {
    static final String SUITE = "js-engines";

    private final List<BenchResult> rows = new ArrayList<>();
    private final Consumer<String> progress;

    Rows(Consumer<String> progress) {
        this.progress = progress;
    }

    void time(String name, String impl, double value, String unit) {
        add(new BenchResult(SUITE, name, impl, value, unit, false));
    }

    void rate(String name, String impl, double value, String unit) {
        add(new BenchResult(SUITE, name, impl, value, unit, true));
    }

    private void add(BenchResult r) {
        rows.add(r);
        progress.accept(String.format(java.util.Locale.ROOT, "  %-44s %-16s %12.4g %s", r.name(), r.impl(), r.value(), r.unit()));
    }

    List<BenchResult> all() {
        return List.copyOf(rows);
    }
}
