package dev.tocin.cli;

import dev.tocin.runtime.Tocin;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code tocin} command: dispatches to its subcommands; without one it starts the REPL. */
@Command(
        name = "tocin",
        mixinStandardHelpOptions = true,
        versionProvider = TocinCommand.Version.class,
        description = {
            "Tocin: a priority fiber scheduler, NUMA placement and V8 with ES modules for the JVM.",
            "Without a command: a JavaScript REPL (statements from stdin when it is not a terminal)."
        },
        subcommands = {RunCommand.class, EvalCommand.class, StatsCommand.class, TopologyCommand.class, BenchCommand.class,
            ClasspathCommand.class, CommandLine.HelpCommand.class})
public final class TocinCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "log down to FINE on stderr (default: warnings and errors only)")
    boolean verbose;

    private final InputStream stdin;

    private TocinCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** A command line with the conventions every subcommand shares. */
    public static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /** The same with another stdin for the REPL (tests). */
    static CommandLine commandLine(InputStream stdin) {
        var top = new TocinCommand(stdin);
        var cmd = new CommandLine(top);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionStrategy(parsed -> {
            Logging.toStderr(top.verbose);
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                // Main exits the JVM right after: nothing a command printed may stay buffered.
                cmd.getOut().flush();
                cmd.getErr().flush();
            }
        });
        return cmd;
    }

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var console = System.console();
        boolean terminal = stdin == System.in && console != null && console.isTerminal();
        try (var input = terminal ? LineInput.terminal(history()) : LineInput.stream(stdin);
             var session = new JsSession(new RuntimeOptions(), List.of(Path.of("").toAbsolutePath()), List.of(),
                     out, err, false)) {
            if (terminal) {
                out.println("Welcome to tocin " + Tocin.version() + " (V8). Type .help for help, .exit or Ctrl+D to leave.");
            }
            return new Repl(session, input, out, err).run();
        }
    }

    private static Path history() {
        var custom = System.getenv("TOCIN_REPL_HISTORY");
        return custom != null && !custom.isBlank() ? Path.of(custom)
                : Path.of(System.getProperty("user.home"), ".tocin_repl_history");
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
