package dev.tocin.bench.startup;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import dev.tocin.bench.modules.LodashFixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Whole processes, as a user compares them: {@code ./tocin run app.mjs} against
 * {@code node app.mjs}, wall time and peak RSS, for hello world and an import of all of
 * lodash-es (640 modules). Every round runs every command once, in alternating order, so
 * that load from elsewhere hits all of them alike; figures are medians of the measured rounds.
 *
 * <p>Tocin runs in four ways: {@code tocin} (the default, V8's code cache filled by an
 * earlier round: every run after the first), {@code tocin-first-run} (an empty code cache
 * each time: what the very first run of a program sees, cache writes included),
 * {@code tocin-no-cache} ({@code --no-cache}) and {@code tocin --version} (the JVM and CLI
 * alone, no V8).
 */
public final class StartupSuite implements BenchSuite {
    private static final String SUITE = "startup";

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception {
        Path launcher = Launcher.find();
        Path work = Files.createTempDirectory("tocin-bench-startup");
        try {
            Path hello = work.resolve("hello.mjs");
            Files.writeString(hello, "console.log(\"hi\", 1 + 1)\n");
            var lodash = LodashFixture.prepare(LodashFixture.defaultCache(), progress);
            Path warmCache = Files.createDirectories(work.resolve("code-cache"));
            boolean node = ProcessRun.available("node", "--version");
            if (!node) {
                progress.accept("startup: node is not on PATH; no peer figures");
            }

            var workloads = new LinkedHashMap<String, List<Command>>();
            for (var program : Map.of("hello", hello, "lodash-es", lodash.entry()).entrySet()) {
                var commands = new ArrayList<Command>();
                commands.add(new Command(BenchResult.TOCIN, launcher, List.of("run", program.getValue().toString()), warmCache));
                commands.add(new Command("tocin-first-run", launcher, List.of("run", program.getValue().toString()), null));
                commands.add(new Command("tocin-no-cache", launcher, List.of("run", "--no-cache", program.getValue().toString()), null));
                if (node) {
                    commands.add(new Command("node", null, List.of(program.getValue().toString()), null));
                }
                workloads.put(program.getKey(), commands);
            }
            workloads.put("version", List.of(new Command(BenchResult.TOCIN, launcher, List.of("--version"), warmCache)));

            int warmups = options.quick() ? 1 : 2;
            int measured = options.quick() ? 3 : 10;
            var samples = new LinkedHashMap<String, List<ProcessRun.Sample>>();
            for (int round = 0; round < warmups + measured; round++) {
                boolean warmup = round < warmups;
                var order = new ArrayList<Map.Entry<String, Command>>();
                workloads.forEach((name, commands) -> commands.forEach(c -> order.add(Map.entry(name, c))));
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                var line = new StringBuilder("startup: round " + (round + 1) + (warmup ? " (warm-up)" : "") + ":");
                for (var entry : order) {
                    var sample = entry.getValue().run(work);
                    line.append(String.format(" %s/%s %.0f ms %.0f MB;", entry.getKey(), entry.getValue().impl(),
                            sample.wallMs(), sample.peakRssMb()));
                    if (!warmup) {
                        samples.computeIfAbsent(entry.getKey() + "\n" + entry.getValue().impl(), k -> new ArrayList<>()).add(sample);
                    }
                }
                progress.accept(line.toString());
            }

            var results = new ArrayList<BenchResult>();
            samples.forEach((key, list) -> {
                String[] parts = key.split("\n");
                results.add(new BenchResult(SUITE, parts[0] + "-wall", parts[1],
                        median(list.stream().mapToDouble(ProcessRun.Sample::wallMs).toArray()), "ms", false));
                double rss = median(list.stream().mapToDouble(ProcessRun.Sample::peakRssMb).toArray());
                if (!Double.isNaN(rss)) {
                    results.add(new BenchResult(SUITE, parts[0] + "-peak-rss", parts[1], rss, "MB", false));
                }
            });
            return results;
        } finally {
            ProcessRun.deleteTree(work);
        }
    }

    /** One way to start a program; {@code launcher} null means {@code node}. */
    record Command(String impl, Path launcher, List<String> args, Path codeCache) {
        ProcessRun.Sample run(Path work) throws IOException, InterruptedException {
            var command = new ArrayList<String>();
            command.add(launcher == null ? "node" : launcher.toString());
            command.addAll(args);
            var env = new LinkedHashMap<String, String>();
            if (launcher != null) {
                // The defaults are what is measured; a stale build fails instead of building.
                env.put("TOCIN_NO_BUILD", "1");
                env.put("TOCIN_JAVA_OPTS", "");
                env.put("TOCIN_CODE_CACHE", codeCache != null ? codeCache.toString()
                        : Files.createTempDirectory(work, "empty-code-cache").toString());
            }
            return ProcessRun.measure(command, env, work);
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
