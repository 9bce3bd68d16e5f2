package dev.tocin.cli;

import dev.tocin.runtime.Fiber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Stack;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that runs JavaScript ({@code run}, {@code eval}). */
final class RuntimeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop with an error after this long (e.g. 500ms, 30s, 2m; a bare number is seconds);"
                    + " also bounds a single synchronous run of JavaScript. Default: no limit")
    Duration timeout;

    @Option(names = "--max-heap", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "JavaScript heap limit (e.g. 256m, 2g; a bare number is megabytes). Default: V8's")
    Long maxHeapBytes;

    @Option(names = "--allow-read", paramLabel = "DIR",
            description = "also allow loading modules from DIR (repeatable); the entry module's folder"
                    + " (the current folder for eval) is always allowed")
    List<Path> allowRead = new ArrayList<>();

    @Option(names = "--conditions", paramLabel = "NAME", split = ",",
            description = "extra package.json export conditions, tried before import and default (repeatable)")
    List<String> conditions = new ArrayList<>();

    @Option(names = "--allow-net", paramLabel = "HOST[:PORT]", arity = "0..1", preprocessor = AllowNet.class,
            description = "let fetch reach HOST (any port) or HOST:PORT (repeatable); alone, every host."
                    + " Default: no network")
    List<String> allowNet = new ArrayList<>();

    @Option(names = "--priority", paramLabel = "LEVEL",
            description = "fiber priority of the program: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Fiber.Priority priority = Fiber.Priority.NORMAL;

    @Option(names = "--numa", description = "run the scheduler with NUMA-aware placement")
    boolean numa;

    /** Takes the next argument as the host only when it looks like one, so {@code --allow-net main.js} allows all. */
    static final class AllowNet implements CommandLine.IParameterPreprocessor {
        private static final Pattern HOST = Pattern.compile("\\*|[A-Za-z0-9.-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");
        private static final Pattern SCRIPT = Pattern.compile(".*\\.(c|m)?(js|ts)|.*\\.json");

        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec option, Map<String, Object> info) {
            List<String> hosts = option.getValue();
            String next = args.isEmpty() ? null : args.peek();
            boolean host = next != null && HOST.matcher(next).matches() && !SCRIPT.matcher(next).matches()
                    && !Files.exists(Path.of(next));
            hosts.add(host ? args.pop() : "*");
            return true;
        }
    }

    /** Folder of V8's code cache for loaded modules, or null for none; set by the command, not an option. */
    Path codeCache;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "set process.env.NAME (repeatable; wins over --env-file). The JVM's environment is not passed on")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "read process.env entries from FILE (NAME=VALUE lines, # comments, optional quotes)")
    Path envFile;

    /** Set by {@code run}: NODE_ENV defaults to production and process.exit() ends the program. */
    boolean program;

    Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** process.env: NODE_ENV=production for {@code run}, then --env-file, then --env; a bad entry is a usage error naming it. */
    Map<String, String> environment() {
        var result = new LinkedHashMap<String, String>();
        if (program) {
            result.put("NODE_ENV", "production");
        }
        if (envFile != null) {
            try {
                result.putAll(EnvFile.parse(envFile));
            } catch (EnvFile.Invalid e) {
                throw new ParameterException(spec.commandLine(), "--env-file: " + e.getMessage());
            }
        }
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--env: expected NAME=VALUE, got \"" + entry + "\"");
            }
            result.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return result;
    }

    /** The --allow-read folders, absolute; a path that is not a folder is a usage error naming it. */
    List<Path> readRoots() {
        var roots = new ArrayList<Path>();
        for (var dir : allowRead) {
            var abs = dir.toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                throw new ParameterException(spec.commandLine(), "--allow-read: not a folder: " + abs);
            }
            roots.add(abs);
        }
        return roots;
    }
}
