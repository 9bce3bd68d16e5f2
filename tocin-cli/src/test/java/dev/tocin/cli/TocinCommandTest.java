package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Tocin;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class TocinCommandTest {
    @Test
    void versionPrintsTheBuildVersion() {
        var run = Cli.run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("tocin " + Tocin.version());
    }

    @Test
    void classpathListsExistingAbsoluteEntries() {
        var run = Cli.run("classpath");
        assertThat(run.exitCode()).isZero();
        var entries = run.out().strip().split(File.pathSeparator);
        assertThat(entries).isNotEmpty();
        assertThat(Arrays.stream(entries).map(Path::of))
                .allSatisfy(p -> assertThat(p).isAbsolute().exists());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        var run = Cli.run("--no-such-option");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-option").contains("Usage:");
    }

    @Test
    void unknownSubcommandIsAUsageErrorWithExitCode2() {
        var run = Cli.run("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        // picocli prints a suggestion instead of the usage when a subcommand name is close.
        assertThat(run.err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void logsGoToStderrAtWarningUnlessVerbose() {
        Cli.run("classpath");
        var root = Logger.getLogger("");
        assertThat(root.getLevel()).isEqualTo(Level.WARNING);
        assertThat(root.getHandlers()).singleElement().satisfies(h -> assertThat(h.getLevel()).isEqualTo(Level.WARNING));

        // --verbose is accepted after the subcommand too.
        assertThat(Cli.run("classpath", "--verbose").exitCode()).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.FINE);
        assertThat(Cli.run("--verbose", "classpath").exitCode()).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.FINE);
    }

    @Test
    void classpathMakesRelativeEntriesAbsolute() {
        var joined = ClasspathCommand.classpath("a.jar" + File.pathSeparator + File.pathSeparator + "/x/b.jar");
        assertThat(joined.split(File.pathSeparator))
                .containsExactly(Path.of("a.jar").toAbsolutePath().toString(), "/x/b.jar");
    }

    @Test
    void theEntryPointAddsOnlyTheSubcommandItsArgumentsName() {
        assertThat(TocinCommand.commandLine("run", "app.mjs").getSubcommands().keySet()).containsExactly("run");
        assertThat(TocinCommand.commandLine("--verbose", "eval", "1").getSubcommands().keySet()).containsExactly("eval");
        assertThat(TocinCommand.commandLine("--version").getSubcommands()).isEmpty();
        assertThat(TocinCommand.commandLine().getSubcommands()).hasSize(7);
        // Help, unknown names and "did you mean" need every subcommand.
        for (var args : List.of(List.of("--help"), List.of("-h"), List.of("help", "run"), List.of("frobnicate"),
                List.of("--verbose", "-hV"))) {
            assertThat(TocinCommand.commandLine(args.toArray(String[]::new)).getSubcommands().keySet())
                    .as(args.toString())
                    .containsExactly("run", "eval", "stats", "topology", "bench", "classpath", "help");
        }
    }

    @Test
    void helpFromTheEntryPointListsEverySubcommand() {
        var out = new java.io.StringWriter();
        var cmd = TocinCommand.commandLine("--help");
        cmd.setOut(new java.io.PrintWriter(out, true));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString()).contains("run", "eval", "stats", "topology", "bench", "classpath");
    }
}
