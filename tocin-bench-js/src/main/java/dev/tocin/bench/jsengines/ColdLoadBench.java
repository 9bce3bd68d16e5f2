package dev.tocin.bench.jsengines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cold load of the lodash-es module graph (~640 files) through each engine's own loader:
 * a fresh runtime in this (warm) JVM, median of several; and a fresh process, median of
 * several, wall time from process start to exit (JVM start-up included, as users see it).
 * Each load proves itself by calling into lodash.
 */
final class ColdLoadBench {
    static final String FRESH_RUNTIME = "cold load lodash-es, fresh runtime";
    static final String FRESH_PROCESS = "cold load lodash-es, fresh process";
    static final String CACHED_RUNTIME = "cold load lodash-es, fresh runtime, V8 code cache";
    static final String CACHED_PROCESS = "cold load lodash-es, fresh process, V8 code cache";

    private final BenchFiles files;
    private final Budget budget;
    private final Consumer<String> progress;

    ColdLoadBench(BenchFiles files, Budget budget, Consumer<String> progress) {
        this.files = files;
        this.budget = budget;
        this.progress = progress;
    }

    void run(List<JsEngine.Kind> engines, Optional<NodeRunner> node, Rows rows) throws IOException, InterruptedException {
        progress.accept("cold load of lodash-es");
        String expected = null;
        for (JsEngine.Kind kind : engines) {
            double[] inProcess = new double[budget.processRuns()];
            String impl = null;
            for (int i = 0; i < inProcess.length; i++) {
                var load = loadOnce(kind, files);
                expected = agree(expected, load.result(), kind.name());
                inProcess[i] = load.ms();
                impl = implOf(kind);
            }
            rows.time(FRESH_RUNTIME, impl, median(inProcess), "ms");

            double[] wall = new double[budget.processRuns()];
            for (int i = 0; i < wall.length; i++) {
                var child = ChildProcess.run(
                        ChildJvm.command(List.of(), "child-load", kind.name().toLowerCase(java.util.Locale.ROOT),
                                files.dir().toString()),
                        files.dir());
                expected = agree(expected, child.timing().result(), impl + " (fresh process)");
                wall[i] = child.wallMs();
            }
            rows.time(FRESH_PROCESS, impl, median(wall), "ms");
            if (kind == JsEngine.Kind.TOCIN) {
                expected = codeCache(rows, expected);
            }
        }
        if (node.isPresent()) {
            double[] inProcess = new double[budget.processRuns()];
            double[] wall = new double[budget.processRuns()];
            for (int i = 0; i < wall.length; i++) {
                var child = node.get().load();
                expected = agree(expected, (String) child.timing().result(), "node");
                inProcess[i] = child.timing().ms();
                wall[i] = child.wallMs();
            }
            rows.time(FRESH_RUNTIME, "node", median(inProcess), "ms");
            rows.time(FRESH_PROCESS, "node", median(wall), "ms");
        }
    }

    /**
     * Tocin only (Node 20 and GraalJS have no equivalent switched on here): the same loads with
     * {@code V8Options.codeCache} pointing at a folder that one unmeasured load filled first,
     * i.e. what every start after the first sees.
     */
    private String codeCache(Rows rows, String expected) throws IOException, InterruptedException {
        Path cache = Files.createTempDirectory("tocin-js-engines-code-cache");
        try {
            expected = agree(expected, loadOnce(() -> new TocinEngine(cache), files).result(), "tocin (filling the code cache)");
            double[] inProcess = new double[budget.processRuns()];
            double[] wall = new double[budget.processRuns()];
            for (int i = 0; i < inProcess.length; i++) {
                var load = loadOnce(() -> new TocinEngine(cache), files);
                expected = agree(expected, load.result(), "tocin with code cache");
                inProcess[i] = load.ms();
                var child = ChildProcess.run(ChildJvm.command(List.of(), "child-load", "tocin", files.dir().toString(),
                        cache.toString()), files.dir());
                expected = agree(expected, child.timing().result(), "tocin with code cache (fresh process)");
                wall[i] = child.wallMs();
            }
            rows.time(CACHED_RUNTIME, "tocin", median(inProcess), "ms");
            rows.time(CACHED_PROCESS, "tocin", median(wall), "ms");
            return expected;
        } finally {
            try (var entries = Files.walk(cache)) {
                entries.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Creates a runtime, loads the graph, calls into it: the time until lodash answered. */
    static Budget.Timing loadOnce(JsEngine.Kind kind, BenchFiles files) {
        return loadOnce(kind::create, files);
    }

    static Budget.Timing loadOnce(java.util.function.Supplier<JsEngine> create, BenchFiles files) {
        long start = System.nanoTime();
        try (JsEngine engine = create.get()) {
            engine.load(files.lodashEntry(), "lodash-entry");
            Object summary = engine.prepare("lodash-entry", "summary").invoke();
            return new Budget.Timing((System.nanoTime() - start) / 1e6, summary);
        }
    }

    private static String implOf(JsEngine.Kind kind) {
        return switch (kind) {
            case TOCIN -> "tocin";
            case GRAALJS -> {
                try (var engine = GraalJsEngine.newEngine()) {
                    yield GraalJsEngine.implName(engine);
                }
            }
        };
    }

    private static String agree(String expected, Object got, String who) {
        String s = String.valueOf(got);
        if (expected != null && !expected.equals(s)) {
            throw new IllegalStateException("lodash-es summary on " + who + " was " + s + ", others gave " + expected);
        }
        return s;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
