package dev.tocin.bench.jsengines;

import dev.tocin.bench.BenchResult;
import dev.tocin.bench.jsengines.JsEngine.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tocin (V8) vs GraalJS vs Node, side by side. Run by {@code tocin bench js-engines} (through
 * {@link JsEnginesSuite}, which starts this class in two JVMs: a stock one, where GraalJS
 * interprets, and a JVMCI one with the Graal compiler, where GraalJS optimizes), or directly:
 * <pre>
 *   JsEnginesMain [--quick] [--json] [--engines tocin,graaljs,node] [--parts compute,load,calls,memory,concurrency]
 *                 [--cache DIR] [--min-warmup SECONDS]
 * </pre>
 * Results go to stdout (a table, or one JSON line per {@link BenchResult} with {@code --json});
 * progress to stderr. The child modes {@code child-load} and {@code child-memory} are this
 * class re-started in a fresh JVM by the cold-load and memory measurements.
 */
public final class JsEnginesMain {
    private static final Set<String> PARTS = Set.of("compute", "load", "calls", "memory", "concurrency");

    private JsEnginesMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].startsWith("child-")) {
            child(args);
            return;
        }
        boolean quick = false;
        boolean json = false;
        List<String> engines = List.of("tocin", "graaljs", "node");
        List<String> parts = List.copyOf(PARTS);
        Path cache = BenchFiles.defaultDir();
        Duration minWarmup = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = true;
                case "--engines" -> engines = list(args, ++i);
                case "--parts" -> parts = list(args, ++i);
                case "--cache" -> cache = Path.of(value(args, ++i));
                case "--min-warmup" -> minWarmup = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        for (String p : parts) {
            if (!PARTS.contains(p)) {
                usage("unknown part '" + p + "' (one of " + PARTS + ")");
            }
        }
        boolean withNode = engines.contains("node");
        var kinds = engines.stream().filter(e -> !e.equals("node")).map(Kind::parse).toList();
        Consumer<String> progress = line -> System.err.println("js-engines: " + line);
        Budget budget = minWarmup == null ? Budget.of(quick) : Budget.of(quick).withMinWarmup(minWarmup);
        List<BenchResult> results = run(kinds, withNode, parts, budget, cache, progress);
        if (json) {
            results.forEach(r -> System.out.println(ResultLines.format(r)));
        } else {
            System.out.print(table(results));
        }
    }

    /** Runs the selected parts; Node only where {@code node} runs here (said on progress otherwise). */
    static List<BenchResult> run(List<Kind> kinds, boolean withNode, List<String> parts, Budget budget, Path cache,
            Consumer<String> progress) throws Exception {
        BenchFiles files = BenchFiles.prepare(cache);
        if (parts.contains("load") || parts.contains("memory")) {
            files.ensureLodash(progress);
        }
        Optional<NodeRunner> node = withNode ? NodeRunner.find(files) : Optional.empty();
        if (withNode && node.isEmpty()) {
            progress.accept("node is not on PATH: Node figures are left out");
        }
        var rows = new Rows(progress);
        if (parts.contains("compute")) {
            new ComputeBench(files, budget, progress).run(kinds, node, rows);
        }
        if (parts.contains("load")) {
            new ColdLoadBench(files, budget, progress).run(kinds, node, rows);
        }
        if (parts.contains("calls")) {
            new CallBench(files, budget, progress).run(kinds, rows);
        }
        if (parts.contains("memory")) {
            new MemoryBench(files, budget, progress).run(kinds, rows);
        }
        if (parts.contains("concurrency")) {
            new ConcurrencyBench(files, budget, progress).run(kinds, rows);
        }
        return rows.all();
    }

    /** Rows grouped by workload; each peer's row says how many times better Tocin is ({@code > 1}: Tocin wins). */
    static String table(List<BenchResult> results) {
        Map<String, List<BenchResult>> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
        var out = new StringBuilder(String.format(Locale.ROOT, "%-44s %-18s %14s %-10s %s%n",
                "workload", "engine", "value", "unit", "tocin advantage"));
        byName.forEach((name, rows) -> {
            Optional<BenchResult> ours = rows.stream().filter(BenchResult::isTocin).findFirst();
            for (BenchResult r : rows) {
                String ratio = ours.filter(o -> !r.isTocin()).map(o -> String.format(Locale.ROOT, "%.2fx", o.advantageOver(r)))
                        .orElse("");
                out.append(String.format(Locale.ROOT, "%-44s %-18s %14.4g %-10s %s%n", name, r.impl(), r.value(), r.unit(), ratio));
            }
        });
        return out.toString();
    }

    private static void child(String[] args) throws Exception {
        if (args.length < 3) {
            usage("child modes take an engine and the bench folder");
        }
        Kind kind = Kind.parse(args[1]);
        BenchFiles files = BenchFiles.existing(Path.of(args[2]));
        switch (args[0]) {
            case "child-load" -> {
                // an optional 4th argument: a V8 code-cache folder (Tocin only)
                var load = args.length > 3 && kind == Kind.TOCIN
                        ? ColdLoadBench.loadOnce(() -> new TocinEngine(Path.of(args[3])), files)
                        : ColdLoadBench.loadOnce(kind, files);
                System.out.println(ChildProcess.line(String.valueOf(load.result()), load.ms()));
            }
            case "child-memory" -> {
                int k = Integer.parseInt(value(args, 3));
                boolean shared = "shared-engine".equals(value(args, 4));
                System.out.println(ChildProcess.line(MemoryBench.measureInThisJvm(kind, files, k, shared), 0));
            }
            default -> usage("unknown child mode '" + args[0] + "'");
        }
    }

    private static List<String> list(String[] args, int i) {
        return Arrays.stream(value(args, i).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("'" + args[i - 1] + "' needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        throw new IllegalArgumentException(problem + "\nusage: JsEnginesMain [--quick] [--json] [--engines tocin,graaljs,node]"
                + " [--parts compute,load,calls,memory,concurrency] [--cache DIR] [--min-warmup SECONDS]");
    }
}
