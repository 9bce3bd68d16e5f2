package dev.tocin.cli;

import dev.tocin.runtime.Tocin;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
        })
public final class TocinCommand implements Callable<Integer> {
    /**
     * The subcommands in help order. picocli reflects over a command class when it is added,
     * which for all of them costs more start-up time than a whole {@code run} of hello world
     * needs elsewhere, so {@link #commandLine(String...)} adds only the one a command line names
     * (and {@link #type} names each class in its own branch, so the others are not even loaded).
     */
    private static final List<String> SUBCOMMANDS = List.of("run", "eval", "stats", "topology", "bench", "classpath", "help");

    private static Class<?> type(String subcommand) {
        return switch (subcommand) {
            case "run" -> RunCommand.class;
            case "eval" -> EvalCommand.class;
            case "stats" -> StatsCommand.class;
            case "topology" -> TopologyCommand.class;
            case "bench" -> BenchCommand.class;
            case "classpath" -> ClasspathCommand.class;
            case "help" -> CommandLine.HelpCommand.class;
            default -> throw new IllegalArgumentException("no subcommand " + subcommand);
        };
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "log down to FINE on stderr (default: warnings and errors only)")
    boolean verbose;

    private final InputStream stdin;

    private TocinCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** A command line with every subcommand and the conventions they all share. */
    public static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /**
     * A command line for these arguments: with only the subcommand they name (none for the
     * REPL or {@code --version}), or every subcommand when they name none or an unknown one,
     * or ask for help, so that usage, help and "did you mean" see them all.
     */
    public static CommandLine commandLine(String... args) {
        return create(System.in, needed(args));
    }

    /** The same as {@link #commandLine()} with another stdin for the REPL (tests). */
    static CommandLine commandLine(InputStream stdin) {
        return create(stdin, Set.copyOf(SUBCOMMANDS));
    }

    /** The names of the subcommands that parsing {@code args} can reach. */
    static Set<String> needed(String... args) {
        for (var arg : args) {
            if (arg.equals("--help") || arg.equals("--") || (arg.startsWith("-") && !arg.startsWith("--") && arg.contains("h"))) {
                return Set.copyOf(SUBCOMMANDS);
            }
            if (!arg.startsWith("-")) {
                return SUBCOMMANDS.contains(arg) && !arg.equals("help") ? Set.of(arg) : Set.copyOf(SUBCOMMANDS);
            }
        }
        return Set.of();
    }

    private static CommandLine create(InputStream stdin, Set<String> subcommands) {
        var top = new TocinCommand(stdin);
        var cmd = new CommandLine(top);
        for (var name : SUBCOMMANDS) {
            if (subcommands.contains(name)) {
                cmd.addSubcommand(name, type(name));
            }
        }
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
