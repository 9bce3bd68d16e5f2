package dev.tocin.bench.jsengines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finished child process (Node, or a fresh JVM running {@link JsEnginesMain}'s child
 * modes): the timing line it printed, {@code {"result":"..","ms":..}}, and the wall time from
 * start to exit as seen by the parent (what "fresh process" figures report).
 */
record ChildProcess(Budget.Timing timing, double wallMs) {
    private static final Pattern LINE = Pattern.compile("\\{\"result\":\"((?:[^\"\\\\]|\\\\.)*)\",\"ms\":([-+0-9.eE]+)}");

    /** The line a child prints. */
    static String line(String result, double ms) {
        return "{\"result\":\"" + result.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"ms\":"
                + String.format(Locale.ROOT, "%.6f", ms) + "}";
    }

    static ChildProcess run(List<String> command, Path dir) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e6;
        Matcher m = LINE.matcher(out);
        if (code != 0 || !m.find()) {
            throw new IOException("'" + String.join(" ", command) + "' failed (exit " + code + "): " + out.strip());
        }
        return new ChildProcess(new Budget.Timing(Double.parseDouble(m.group(2)), m.group(1)), wall);
    }
}
