package dev.tocin.cli;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the benchmark suites found on the classpath, ours and the peers side by side. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Tocin and its peers side by side and prints one table per suite.",
            "%nEach table shows every figure and how many times better or worse Tocin is than each peer."
                    + " Suites: scheduler, js, modules, async, pool; all (the default) runs each of them. js-engines"
                    + " (V8 against GraalJS and Node; builds GraalJS on first use and takes minutes) runs only"
                    + " by name.%n"
        })
final class BenchCommand implements Callable<Integer> {
    static final String ALL = "all";
    /** Heavy and about other engines rather than Tocin's parts: never part of {@link #ALL}. */
    static final String BY_NAME_ONLY = "js-engines";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = ALL, paramLabel = "SUITE",
            description = "the suite to run, or all (default) for every suite found except js-engines")
    String suite;

    @Option(names = "--quick", description = "a rough run that finishes in under a minute")
    boolean quick;

    @Option(names = "--json", description = "one JSON object per figure and line instead of tables")
    boolean json;

    @Override
    public Integer call() {
        var available = load();
        List<BenchSuite> chosen = ALL.equals(suite)
                ? available.values().stream().filter(s -> !BY_NAME_ONLY.equals(s.name())).toList()
                : List.of(choose(available));
        if (chosen.isEmpty()) {
            spec.commandLine().getErr().println("tocin bench: no benchmark suite is on the classpath");
            return 1;
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!json) {
            out.printf("# %d CPUs, Java %s, %s %s%s%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), System.getProperty("os.name"), System.getProperty("os.arch"),
                    quick ? ", --quick" : "");
        }
        int exit = 0;
        for (var s : chosen) {
            long start = System.nanoTime();
            err.printf("[%s] starting%s%n", s.name(), quick ? " (quick)" : "");
            List<BenchResult> results;
            try {
                results = s.run(new BenchOptions(quick), line -> err.printf("[%s] %s%n", s.name(), line));
            } catch (Exception | LinkageError e) {
                err.printf("tocin bench: suite %s failed: %s%n", s.name(), e);
                exit = 1;
                continue;
            }
            err.printf(Locale.ROOT, "[%s] done in %.1f s%n", s.name(), (System.nanoTime() - start) / 1e9);
            if (json) {
                results.forEach(r -> out.println(json(r)));
            } else {
                out.println();
                out.print(BenchTable.render(s.name(), results));
            }
            out.flush();
        }
        return exit;
    }

    private BenchSuite choose(TreeMap<String, BenchSuite> available) {
        var found = available.get(suite);
        if (found != null) {
            return found;
        }
        var valid = new ArrayList<String>();
        valid.add(ALL);
        valid.addAll(available.keySet());
        throw new ParameterException(spec.commandLine(),
                "Unknown suite '" + suite + "'; valid suites: " + String.join(", ", valid));
    }

    /** Every suite registered through ServiceLoader, by name. */
    private TreeMap<String, BenchSuite> load() {
        var suites = new TreeMap<String, BenchSuite>();
        var loader = ServiceLoader.load(BenchSuite.class).iterator();
        // One broken registration must not hide the other suites; the iterator recovers on a
        // best-effort basis only, hence the bound on consecutive errors.
        for (int errors = 0; errors < 8; ) {
            try {
                if (!loader.hasNext()) {
                    break;
                }
                var s = loader.next();
                suites.putIfAbsent(s.name(), s);
                errors = 0;
            } catch (ServiceConfigurationError e) {
                errors++;
                spec.commandLine().getErr().println("tocin bench: skipping a suite that cannot load: " + e.getMessage());
            }
        }
        return suites;
    }

    static String json(BenchResult r) {
        return "{\"suite\":" + Json.string(r.suite()) + ",\"name\":" + Json.string(r.name())
                + ",\"impl\":" + Json.string(r.impl()) + ",\"value\":" + Json.number(r.value())
                + ",\"unit\":" + Json.string(r.unit()) + "}";
    }
}
