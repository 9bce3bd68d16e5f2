package dev.tocin.cli;

import dev.tocin.runtime.Tocin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code tocin} command: dispatches to its subcommands. */
@Command(
        name = "tocin",
        mixinStandardHelpOptions = true,
        versionProvider = TocinCommand.Version.class,
        description = "Tocin: a priority fiber scheduler, NUMA placement and V8 with ES modules for the JVM.",
        subcommands = {TopologyCommand.class, BenchCommand.class, ClasspathCommand.class, CommandLine.HelpCommand.class})
public final class TocinCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "log down to FINE on stderr (default: warnings and errors only)")
    boolean verbose;

    /** A command line with the conventions every subcommand shares. */
    public static CommandLine commandLine() {
        var top = new TocinCommand();
        var cmd = new CommandLine(top);
        cmd.setExecutionStrategy(parsed -> {
            Logging.toStderr(top.verbose);
            return new CommandLine.RunLast().execute(parsed);
        });
        return cmd;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "tocin " + Tocin.version(),
                "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
