package dev.tocin.cli;

import dev.tocin.bench.BenchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * One suite's results as a text table: each workload's rows together, ours first, and for
 * every peer how ours compares ({@link BenchResult#advantageOver}) in words.
 */
final class BenchTable {
    private static final String[] HEADER = {"workload", "impl", "value", "unit", "tocin vs impl"};

    private BenchTable() {
    }

    static String render(String suite, List<BenchResult> results) {
        var rows = new ArrayList<String[]>();
        rows.add(HEADER);
        var byWorkload = new LinkedHashMap<String, List<BenchResult>>();
        for (var r : results) {
            byWorkload.computeIfAbsent(r.name() + "\u0000" + r.unit(), k -> new ArrayList<>()).add(r);
        }
        for (var group : byWorkload.values()) {
            var ours = group.stream().filter(BenchResult::isTocin).findFirst();
            ours.ifPresent(r -> rows.add(row(r, "(ours)")));
            for (var r : group) {
                if (!r.isTocin()) {
                    rows.add(row(r, ours.map(o -> (isBound(r) ? "at least " : "") + comparison(o.advantageOver(r))).orElse("-")));
                }
            }
        }
        return suite + System.lineSeparator() + layout(rows);
    }

    /** {@code 2.00x better}, {@code 1.50x worse}: how many times better or worse ours is. */
    static String comparison(double advantage) {
        if (!Double.isFinite(advantage) || advantage <= 0) {
            return "n/a";
        }
        return advantage >= 1
                ? String.format(Locale.ROOT, "%.2fx better", advantage)
                : String.format(Locale.ROOT, "%.2fx worse", 1 / advantage);
    }

    static String value(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double abs = Math.abs(v);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 1 || v == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * A peer that did not finish within a bound reports the bound as its figure (the suites say so
     * in the impl name), so our advantage over it is a lower bound.
     */
    private static boolean isBound(BenchResult peer) {
        return peer.impl().contains("not finished within");
    }

    private static String[] row(BenchResult r, String comparison) {
        return new String[] {r.name(), r.impl(), value(r.value()), r.unit(), comparison};
    }

    private static String layout(List<String[]> rows) {
        var widths = new int[HEADER.length];
        for (var row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        var out = new StringBuilder();
        for (var row : rows) {
            var line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                // Numbers read best right-aligned, words left-aligned.
                var cell = i == 2 ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length());
                line.append(cell).append("  ");
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }
}
