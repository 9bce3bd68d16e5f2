package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher and JDK: the AOT cache is created on first use, the next JVM loads the CLI's
 * classes from it, and a changed jar makes the launcher create it again. The cache lives in a
 * temp folder ({@code TOCIN_AOT_CACHE}) so the repository's own cache is left alone.
 */
class LauncherAotIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    /** Unified logging of class loading: an archived class reads "source: shared objects file". */
    private static final String FROM_CACHE = "dev.tocin.cli.Main source: shared objects file";

    @TempDir
    Path temp;

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void theCacheIsCreatedUsedAndCreatedAgainAfterAJarChanges() throws Exception {
        Path aot = temp.resolve("cache/tocin.aot");
        Path hello = temp.resolve("hello.mjs");
        Files.writeString(hello, "console.log('hi', 1 + 1)");
        var env = Map.of("TOCIN_AOT_CACHE", aot.toString(), "TOCIN_JAVA_OPTS", "-Xlog:class+load=info:stderr");

        var first = tocin(env, "run", hello.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("hi 2\n");
        assertThat(first.err()).contains("creating the JVM's AOT cache");
        assertThat(aot).isRegularFile();
        assertThat(Files.size(aot)).isGreaterThan(1 << 20);
        FileTime created = Files.getLastModifiedTime(aot);

        var second = tocin(env, "run", hello.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo("hi 2\n");
        assertThat(second.err()).doesNotContain("creating the JVM's AOT cache").contains(FROM_CACHE);

        // Without the cache the same class comes from the jar: the check above can fail.
        var without = tocin(Map.of("TOCIN_NO_AOT", "1", "TOCIN_JAVA_OPTS", "-Xlog:class+load=info:stderr"), "--version");
        assertThat(without.err()).doesNotContain(FROM_CACHE).contains("dev.tocin.cli.Main source: file:");

        Path jar = ROOT.resolve(Files.readString(ROOT.resolve("tocin-cli/target/classpath.txt"), StandardCharsets.UTF_8)
                .strip().split(":")[0]);
        FileTime original = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
        try {
            var afterChange = tocin(env, "run", hello.toString());
            assertThat(afterChange.exitCode()).as(afterChange.err()).isZero();
            assertThat(afterChange.out()).isEqualTo("hi 2\n");
            assertThat(afterChange.err()).contains("creating the JVM's AOT cache").contains(FROM_CACHE);
            assertThat(Files.getLastModifiedTime(aot)).isGreaterThan(created);
        } finally {
            // The jar's content never changed: the repository's own cache stays valid.
            Files.setLastModifiedTime(jar, original);
        }
    }

    @Test
    void aCacheTheJvmCannotUseNeverFailsARunNorPrintsToStdout() throws Exception {
        Path aot = temp.resolve("tocin.aot");
        var env = Map.of("TOCIN_AOT_CACHE", aot.toString());
        assertThat(tocin(env, "--version").exitCode()).isZero();
        // A damaged cache file that still looks current to the launcher.
        Files.write(aot, new byte[4096]);
        Files.setLastModifiedTime(aot, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        var run = tocin(env, "eval", "6 * 7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("42\n");
    }

    private Result tocin(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("./tocin"));
        command.addAll(List.of(args));
        var out = temp.resolve("stdout");
        var err = temp.resolve("stderr");
        var pb = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        var process = pb.start();
        // A guard only: the first call may build the CLI and train the cache.
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./tocin " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
