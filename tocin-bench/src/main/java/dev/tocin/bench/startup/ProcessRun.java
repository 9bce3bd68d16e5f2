package dev.tocin.bench.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a whole process and measures it: wall time from start to exit (System.nanoTime in
 * this JVM) and peak RSS from {@code /usr/bin/time -f %M} (the kernel's {@code ru_maxrss} of
 * the process, which the launcher's {@code exec} makes the JVM itself).
 */
final class ProcessRun {
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final long BOUND_SECONDS = 300;

    /** One run: wall time in ms and peak RSS in MB (NaN without /usr/bin/time). */
    record Sample(double wallMs, double peakRssMb) {
    }

    private ProcessRun() {
    }

    static boolean available(String... command) {
        try {
            var p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Sample measure(List<String> command, Map<String, String> env, Path work) throws IOException, InterruptedException {
        boolean rss = Files.isExecutable(TIME);
        Path rssFile = Files.createTempFile(work, "rss", ".txt");
        Path out = Files.createTempFile(work, "out", ".txt");
        var full = new ArrayList<String>();
        if (rss) {
            full.addAll(List.of(TIME.toString(), "-o", rssFile.toString(), "-f", "%M"));
        }
        full.addAll(command);
        var pb = new ProcessBuilder(full).directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        long start = System.nanoTime();
        var p = pb.start();
        if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + BOUND_SECONDS + " s");
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + output.strip());
        }
        double peak = Double.NaN;
        if (rss) {
            var lines = Files.readAllLines(rssFile);
            peak = Long.parseLong(lines.getLast().strip()) / 1024.0;
        }
        Files.delete(rssFile);
        Files.delete(out);
        return new Sample(wallMs, peak);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (var f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
