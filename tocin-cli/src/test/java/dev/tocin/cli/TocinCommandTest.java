package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Tocin;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TocinCommandTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = TocinCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheBuildVersion() {
        var run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("tocin " + Tocin.version());
    }

    @Test
    void classpathListsExistingAbsoluteEntries() {
        var run = run("classpath");
        assertThat(run.exitCode()).isZero();
        var entries = run.out().strip().split(File.pathSeparator);
        assertThat(entries).isNotEmpty();
        assertThat(Arrays.stream(entries).map(Path::of))
                .allSatisfy(p -> assertThat(p).isAbsolute().exists());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        var run = run("--no-such-option");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-option").contains("Usage:");
    }

    @Test
    void classpathMakesRelativeEntriesAbsolute() {
        var joined = ClasspathCommand.classpath("a.jar" + File.pathSeparator + File.pathSeparator + "/x/b.jar");
        assertThat(joined.split(File.pathSeparator))
                .containsExactly(Path.of("a.jar").toAbsolutePath().toString(), "/x/b.jar");
    }
}
