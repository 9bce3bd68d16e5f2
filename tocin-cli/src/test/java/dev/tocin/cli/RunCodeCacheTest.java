package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tocin run} keeps V8's code cache for the modules it loads; {@code --no-cache} turns it off. */
class RunCodeCacheTest {
    private static final List<String> APP_OUTPUT = List.of(
            "Hello, World!", "flavour: import", "args: []", "meta: true true", "after await", "timer: 42");

    @TempDir
    Path cache;

    private String previous;

    @BeforeEach
    void pointTheCacheAtATempFolder() {
        previous = System.setProperty(CodeCacheFolder.PROPERTY, cache.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(CodeCacheFolder.PROPERTY);
        } else {
            System.setProperty(CodeCacheFolder.PROPERTY, previous);
        }
    }

    @Test
    void theFirstRunFillsTheCacheAndLaterRunsUseItWithTheSameOutput() throws IOException {
        var first = Cli.run("run", Cli.fixture("app.mjs"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out().lines().toList()).isEqualTo(APP_OUTPUT);
        var entries = entries();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(3); // app.mjs, its lib module and the package

        var second = Cli.run("run", Cli.fixture("app.mjs"));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out().lines().toList()).isEqualTo(APP_OUTPUT);
        assertThat(entries()).isEqualTo(entries);
    }

    @Test
    void damagedEntriesNeverBreakARun() throws IOException {
        assertThat(Cli.run("run", Cli.fixture("app.mjs")).exitCode()).isZero();
        for (var entry : entries()) {
            byte[] bytes = Files.readAllBytes(entry);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(entry, bytes);
        }
        var run = Cli.run("run", Cli.fixture("app.mjs"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).isEqualTo(APP_OUTPUT);
    }

    @Test
    void noCacheNeitherReadsNorWrites() throws IOException {
        var run = Cli.run("run", "--no-cache", Cli.fixture("app.mjs"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).isEqualTo(APP_OUTPUT);
        assertThat(entries()).isEmpty();
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }
}
