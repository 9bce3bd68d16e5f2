package dev.tocin.v8.module;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * test262's module tests (language/module-code, expressions/dynamic-import) through our loader,
 * judged as test262's INTERPRETING.md says. Tests run in child JVMs in batches, so a fatal V8
 * error kills only its batch: the test it was running is reported as failed and the rest of the
 * batch continues in a new child. The pass counts must not drop below the floor recorded in
 * docs/conformance.md. {@code -Dtocin.test262.all=true} also runs the tests of features V8 lacks
 * (as Node's published figures do).
 */
class Test262ConformanceTest {
    private static final List<String> SUITES = List.of("language/module-code", "language/expressions/dynamic-import");
    private static final int BATCH = 400;
    private static final long TEST_TIMEOUT_SECONDS = 60;
    private static final Pattern FLOOR = Pattern.compile("<!-- floor: ([a-z-]+)=(\\d+) -->");

    record Row(String path, Test262Worker.Status status, String detail, List<String> features) {
    }

    @Test
    void conformanceDoesNotDropBelowTheRecordedFloor() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
        Path root = repo.resolve("../shared/test262").normalize();
        assertThat(root.resolve("test")).as("test262 data in ../shared/test262").isDirectory();
        var tests = new ArrayList<String>();
        for (String suite : SUITES) {
            try (Stream<Path> files = Files.walk(root.resolve("test").resolve(suite))) {
                files.filter(p -> p.toString().endsWith(".js") && !p.getFileName().toString().contains("_FIXTURE"))
                        .map(p -> root.relativize(p).toString()).sorted().forEach(tests::add);
            }
        }
        var rows = new ConcurrentHashMap<String, Row>();
        Path work = Files.createTempDirectory("tocin-test262");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < tests.size(); i += BATCH) {
                var batch = tests.subList(i, Math.min(tests.size(), i + BATCH));
                futures.add(pool.submit(() -> {
                    runBatch(root, work, new ArrayList<>(batch), rows);
                    return null;
                }));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        deleteUnlessCrashed(work, rows);
        for (String t : tests) {
            if (!rows.containsKey(t)) {
                rows.put(t, new Row(t, Test262Worker.Status.FAIL, "no result", List.of()));
            }
        }
        String report = report(rows, root);
        // Next to test-classes: the build's own output folder (target, or target-x with -Dtocin.target).
        Path out = Path.of(Test262ConformanceTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().resolve("test262-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);

        String doc = Files.readString(repo.resolve("docs/conformance.md"));
        Matcher m = FLOOR.matcher(doc);
        int floors = 0;
        while (m.find()) {
            floors++;
            String suite = m.group(1);
            long passed = rows.values().stream()
                    .filter(r -> r.path().contains("/" + suite + "/") && r.status() == Test262Worker.Status.PASS).count();
            assertThat(passed).as("%s passed (floor in docs/conformance.md); report: %s", suite, out).isGreaterThanOrEqualTo(Integer.parseInt(m.group(2)));
        }
        assertThat(floors).as("floors recorded in docs/conformance.md").isEqualTo(SUITES.size());
    }

    /** Runs tests in a child JVM; after a crash or hang, blames the running test and goes on. */
    private static void runBatch(Path root, Path work, List<String> batch, Map<String, Row> rows) throws IOException, InterruptedException {
        while (!batch.isEmpty()) {
            Path list = Files.createTempFile(work, "batch", ".txt");
            Files.write(list, batch);
            String java = ProcessHandle.current().info().command().orElse("java");
            var pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                    "-cp", System.getProperty("java.class.path"), Test262Worker.class.getName(), root.toString(), list.toString(),
                    Boolean.getBoolean("tocin.test262.all") ? "all" : "skip");
            pb.redirectError(work.resolve("stderr-" + list.getFileName()).toFile());
            Process child = pb.start();
            String running = null;
            var done = new java.util.HashSet<String>();
            var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child died; the exit code tells why
                }
                lines.add("EOF");
            });
            while (true) {
                String line = lines.poll(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (line == null) {
                    child.destroyForcibly();
                    if (running != null) {
                        rows.put(running, new Row(running, Test262Worker.Status.FAIL, "timed out after " + TEST_TIMEOUT_SECONDS + " s", features(root, running)));
                        done.add(running);
                    }
                    child.waitFor();
                    reader.join();
                    break;
                }
                if (line.equals("EOF")) {
                    break;
                }
                String[] parts = line.split("\t", 4);
                if (parts[0].equals("S")) {
                    running = parts[1];
                } else if (parts[0].equals("R")) {
                    rows.put(parts[1], new Row(parts[1], Test262Worker.Status.valueOf(parts[2]), parts.length > 3 ? parts[3] : "", features(root, parts[1])));
                    done.add(parts[1]);
                    running = null;
                }
            }
            int exit = child.waitFor();
            if (running != null && !done.contains(running)) {
                rows.put(running, new Row(running, Test262Worker.Status.FAIL, "the V8 process died (exit code " + exit + ")", features(root, running)));
                done.add(running);
            }
            if (done.isEmpty()) {
                for (String t : batch) {
                    rows.put(t, new Row(t, Test262Worker.Status.FAIL, "the worker JVM made no progress (exit code " + exit
                            + ", see " + work + ")", features(root, t)));
                }
                return;
            }
            batch.removeIf(done::contains);
        }
    }

    /** The batch lists and child stderr logs are kept only when a child died, for diagnosis. */
    private static void deleteUnlessCrashed(Path work, Map<String, Row> rows) throws IOException {
        if (rows.values().stream().anyMatch(r -> r.detail().contains("died") || r.detail().contains("no progress"))) {
            return;
        }
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(work);
    }

    private static List<String> features(Path root, String rel) {
        try {
            return Test262Case.read(root.resolve(rel)).features();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String report(Map<String, Row> rows, Path root) {
        var byFolder = new TreeMap<String, int[]>();
        var byFeature = new TreeMap<String, int[]>();
        var failures = new ArrayList<String>();
        for (Row r : rows.values()) {
            String path = r.path().substring("test/language/".length());
            String suite = path.startsWith("module-code") ? "module-code" : "dynamic-import";
            String rest = path.substring(path.indexOf(suite) + suite.length() + 1);
            String folder = suite + "/" + (rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : ".");
            for (String key : List.of(suite + " (all)", folder)) {
                byFolder.computeIfAbsent(key, k -> new int[3])[r.status().ordinal()]++;
            }
            for (String f : r.features().isEmpty() ? List.of("(none)") : r.features()) {
                byFeature.computeIfAbsent(f, k -> new int[3])[r.status().ordinal()]++;
            }
            if (r.status() == Test262Worker.Status.FAIL) {
                failures.add(r.path() + ": " + r.detail());
            }
        }
        var sb = new StringBuilder("test262 (" + root + "): passed / failed / skipped\n\nPer folder:\n");
        byFolder.forEach((k, v) -> sb.append(String.format("  %-48s %5d %5d %5d%n", k, v[0], v[1], v[2])));
        sb.append("\nPer feature:\n");
        byFeature.forEach((k, v) -> sb.append(String.format("  %-48s %5d %5d %5d%n", k, v[0], v[1], v[2])));
        sb.append("\nFailures:\n");
        failures.stream().sorted().forEach(f -> sb.append("  ").append(f.length() > 300 ? f.substring(0, 300) + "..." : f).append('\n'));
        return sb.toString();
    }
}
