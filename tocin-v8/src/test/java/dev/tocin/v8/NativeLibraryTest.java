package dev.tocin.v8;

import com.caoccao.javet.interop.loader.JavetLibLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The native library is installed once per versioned cache folder and reused, also by JVMs starting together. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NativeLibraryTest {
    @Test
    void thisJvmLoadsFromTheVersionedCacheFolder() {
        try (var rt = new V8Runtime()) {
            rt.initialize();
        }
        var installed = NativeLibrary.installed();
        assertThat(installed).isNotNull();
        assertThat(installed.file()).isRegularFile();
        assertThat(installed.file().getFileName().toString()).contains(JavetLibLoader.LIB_VERSION);
        if (System.getProperty(NativeLibrary.CACHE_PROPERTY) == null && System.getenv("TOCIN_JAVET_CACHE") == null) {
            assertThat(installed.file().getParent().toString()).contains("javet-" + JavetLibLoader.LIB_VERSION);
        }
    }

    /** HeapLimitStressTest shows why: with V8's default, the heap limit is sometimes reported on a V8 worker (docs/v8.md). */
    @Test
    void v8OptimizesOnTheThreadRunningJsUnlessConcurrentRecompilationIsAskedFor() {
        try (var rt = new V8Runtime()) {
            rt.initialize();
        }
        String flags = com.caoccao.javet.interop.options.V8RuntimeOptions.V8_FLAGS.getCustomFlags();
        assertThat(flags).as("Tocin set the flags of this JVM's V8").contains("--stack-size=" + NativeLibrary.V8_STACK_KB);
        if (NativeLibrary.CONCURRENT_RECOMPILATION) {
            assertThat(flags).doesNotContain("--no-concurrent-recompilation");
        } else {
            assertThat(flags).contains("--no-concurrent-recompilation");
        }
    }

    @Test
    void twoJvmsStartingTogetherShareOneInstallAndALaterJvmReusesIt(@TempDir Path cache) throws Exception {
        var first = List.of(probe(cache), probe(cache));
        var outputs = new ArrayList<String>();
        for (var p : first) {
            outputs.add(finish(p));
        }
        for (var out : outputs) {
            assertThat(out).contains("answer=42");
        }
        Path lib = onlyLibrary(cache);
        var before = Files.readAttributes(lib, BasicFileAttributes.class);

        String later = finish(probe(cache));
        assertThat(later).contains("answer=42").contains("written=false").contains(lib.toString());
        var after = Files.readAttributes(lib, BasicFileAttributes.class);
        assertThat(after.fileKey()).isEqualTo(before.fileKey());
        assertThat(after.lastModifiedTime()).isEqualTo(before.lastModifiedTime());
        assertThat(onlyLibrary(cache)).isEqualTo(lib);
    }

    /** Exactly one complete library and no half-written temp files. */
    private static Path onlyLibrary(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            var all = files.toList();
            assertThat(all).as("cache folder content").hasSize(1);
            return all.getFirst();
        }
    }

    private static Process probe(Path cache) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-D" + NativeLibrary.CACHE_PROPERTY + "=" + cache,
                "-cp", System.getProperty("java.class.path"),
                NativeLibraryProbe.class.getName());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
