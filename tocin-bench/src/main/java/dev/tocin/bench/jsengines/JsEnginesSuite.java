package dev.tocin.bench.jsengines;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code tocin bench js-engines}: Tocin (V8) vs GraalJS vs Node. GraalJS must not enter the
 * default build, so the measuring code lives in the {@code tocin-bench-js} module (Maven
 * profile {@code js-engines}); this suite builds that module on first use (and when sources
 * changed) into its own output folder, then runs its {@code JsEnginesMain} in two child JVMs:
 * <ol>
 *   <li>a stock JVM: Tocin, GraalJS as a plain Maven dependency gives it (interpreted,
 *       {@code graaljs-interp}) and Node (a child process of that JVM);</li>
 *   <li>a JVMCI JVM with the Graal compiler on {@code --upgrade-module-path} and the polyglot
 *       jars on the module path: GraalJS optimizing ({@code graaljs-jit}), warmed up for at least
 *       45 s per measurement (20 s with --quick), because the Graal compiler itself runs as
 *       bytecode there and needs warming first (see {@code Budget.withMinWarmup}). If this JDK cannot
 *       run it, the suite says so on progress and reports the interpreted figures only.</li>
 * </ol>
 */
public final class JsEnginesSuite implements BenchSuite {
    private static final String MAIN = "dev.tocin.bench.jsengines.JsEnginesMain";
    private static final String OUTPUT = "target-js-engines";

    @Override
    public String name() {
        return "js-engines";
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception {
        Path root = JsEnginesBuild.findRoot();
        var build = new JsEnginesBuild(root, OUTPUT);
        build.ensureBuilt(progress);
        List<String> quick = options.quick() ? List.of("--quick") : List.of();

        var results = new ArrayList<BenchResult>();
        var stock = new ArrayList<>(List.of(java(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", build.classpath(), MAIN, "--json"));
        stock.addAll(quick);
        results.addAll(runChild(stock, root, progress));

        var jit = new ArrayList<>(List.of(java(), "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + build.graalCompiler(), "--module-path=" + build.graalModulePath(),
                "--add-modules=ALL-MODULE-PATH", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", build.classpathWithoutGraal(), MAIN, "--json",
                "--engines", "graaljs", "--min-warmup", options.quick() ? "20" : "45"));
        jit.addAll(quick);
        try {
            var rows = runChild(jit, root, progress);
            if (rows.stream().noneMatch(r -> r.impl().equals("graaljs-jit"))) {
                progress.accept("the JVMCI JVM ran GraalJS without its optimizing runtime: no graaljs-jit figures");
            }
            results.addAll(rows);
        } catch (IOException e) {
            progress.accept("GraalJS optimizing mode could not run on this JDK (" + e.getMessage()
                    + "): only interpreted GraalJS figures");
        }
        return results;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs one child JVM, forwarding its messages as progress; its stdout holds one result per line. */
    private static List<BenchResult> runChild(List<String> command, Path dir, Consumer<String> progress)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        var messages = new ArrayList<String>(); // the child's stderr and non-result stdout lines
        Thread forward = Thread.ofPlatform().start(() -> {
            try (var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    String shown = line.startsWith("js-engines: ") ? line.substring("js-engines: ".length()) : line;
                    synchronized (messages) {
                        messages.add(line);
                    }
                    progress.accept(shown);
                }
            } catch (IOException e) {
                progress.accept("lost the child's stderr: " + e.getMessage());
            }
        });
        var rows = new ArrayList<BenchResult>();
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                var row = ResultLines.parse(line);
                if (row.isPresent()) {
                    rows.add(row.get());
                } else if (!line.isBlank()) {
                    // the JVM reports start-up failures (e.g. a bad module path) on stdout
                    synchronized (messages) {
                        messages.add(line);
                    }
                }
            }
        }
        int code = p.waitFor();
        forward.join();
        if (code != 0) {
            List<String> tail;
            synchronized (messages) {
                tail = messages.subList(Math.max(0, messages.size() - 5), messages.size());
            }
            throw new IOException("child JVM exited with " + code + ": " + String.join(" | ", tail));
        }
        return rows;
    }
}
