package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Tocin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code ./tocin} launcher from the repository root, as a user would. */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @TempDir
    Path temp;

    record Result(int exitCode, String out, String err) {
    }

    private Result tocin(String stdin, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("./tocin"));
        command.addAll(List.of(args));
        var in = temp.resolve("stdin");
        Files.writeString(in, stdin == null ? "" : stdin);
        var out = temp.resolve("stdout");
        var err = temp.resolve("stderr");
        var process = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // A guard only: the first call may build the CLI.
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./tocin " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void version() throws Exception {
        var r = tocin(null, "--version");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("tocin " + Tocin.version());
    }

    @Test
    void runAModuleThatImportsAPackageFromNodeModules() throws Exception {
        var r = tocin(null, "run", "tocin-cli/src/test/resources/fixtures/run/app.mjs", "from-the-launcher");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "Hello, World!", "flavour: import", "args: [\"from-the-launcher\"]", "meta: true true",
                "after await", "timer: 42");
        assertThat(r.err().strip()).isEqualTo("to stderr");
    }

    @Test
    void theCliExampleRunsWithItsNpmPackage() throws Exception {
        var r = tocin(null, "run", "examples/cli/app.mjs", "Ada", "Grace");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "Hello, Ada!", "Hello, Grace! (last)", "app.mjs greeted 2 people");
    }

    @Test
    void runAFailingModuleExitsWith1() throws Exception {
        var r = tocin(null, "run", "tocin-cli/src/test/resources/fixtures/run/throws.mjs");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the fixture exploded").contains("explode.mjs:2");
    }

    @Test
    void runAMissingFileNamesIt() throws Exception {
        var r = tocin(null, "run", "nowhere.mjs");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(ROOT.resolve("nowhere.mjs").toString());
    }

    @Test
    void evalPrintsTheValue() throws Exception {
        var r = tocin(null, "eval", "1+1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("2\n");
    }

    @Test
    void replReadsAPipe() throws Exception {
        var r = tocin("const a = 6\na * 7\n");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("42\n");
    }

    @Test
    void benchNamesTheValidSuitesForAnUnknownOne() throws Exception {
        var r = tocin(null, "bench", "no-such-suite");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown suite 'no-such-suite'").contains("valid suites: all");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void benchRunsARealSuiteFromTheRegistryAsJsonLines() throws Exception {
        // The js suite is the shortest registered one (seconds with --quick).
        var r = tocin(null, "bench", "--quick", "--json", "js");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .matches("\\{\"suite\":\"js\",\"name\":\"[^\"]+\",\"impl\":\"[^\"]+\",\"value\":[-0-9.eE]+,\"unit\":\"[^\"]+\"}"));
        assertThat(r.out()).contains("\"impl\":\"tocin\"");
        assertThat(r.err()).contains("[js] done in");
    }

    @Test
    void statsPrintsJson() throws Exception {
        var r = tocin(null, "stats", "--fibers", "2000", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"fibers\":2000,").contains("\"after\":{").contains("completedFibers");
    }
}
