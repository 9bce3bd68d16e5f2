package dev.tocin.v8;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the structure of issue 13: Javet's runtime class (whose simple name Tocin's public
 * {@link V8Runtime} shares) is named only by {@link Isolate}, which owns it, and by
 * {@code ModuleSystem}, whose public constructors take a bare one; the rest reaches V8 through
 * {@link V8Access} / {@code ModuleIsolate}. And no source file of the module grows past 600 lines.
 */
class IsolateConfinementTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final String JAVET_RUNTIME = "com.caoccao.javet.interop.V8Runtime";
    /** The files allowed to name it, and why (docs/v8.md "The code"). */
    private static final List<String> ALLOWED = List.of(
            "dev/tocin/v8/Isolate.java",              // owns the runtime: creates, closes, delegates
            "dev/tocin/v8/module/ModuleSystem.java"); // public constructors and Loop.microtasks take a bare runtime
    private static final int MAX_LINES = 600;

    @Test
    void onlyTheIsolateAndTheModuleSystemNameJavetsRuntime() throws IOException {
        var naming = new TreeMap<String, Integer>();
        for (var file : sources()) {
            String text = Files.readString(file);
            int uses = count(text, JAVET_RUNTIME) + count(text, "import com.caoccao.javet.interop.*;");
            if (uses > 0) {
                naming.put(MAIN.relativize(file).toString().replace('\\', '/'), uses);
            }
        }
        assertThat(naming.keySet()).as("files naming %s: %s", JAVET_RUNTIME, naming).containsExactlyInAnyOrderElementsOf(ALLOWED);
    }

    @Test
    void noSourceFileIsOver600Lines() throws IOException {
        Map<String, Long> tooLong = new TreeMap<>();
        for (var file : sources()) {
            long lines;
            try (var all = Files.lines(file)) {
                lines = all.count();
            }
            if (lines > MAX_LINES) {
                tooLong.put(MAIN.relativize(file).toString(), lines);
            }
        }
        assertThat(tooLong).as("files over %d lines", MAX_LINES).isEmpty();
    }

    /** The scan sees the sources at all (run from the module folder, as Maven does). */
    @Test
    void theScanFindsTheSources() throws IOException {
        assertThat(sources()).extracting(p -> MAIN.relativize(p).toString().replace('\\', '/'))
                .contains("dev/tocin/v8/Isolate.java", "dev/tocin/v8/EventLoop.java", "dev/tocin/v8/module/ModuleSystem.java")
                .hasSizeGreaterThan(100);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
