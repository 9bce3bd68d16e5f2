package dev.tocin.cli;

import dev.tocin.runtime.Fiber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Option(names = "--priority", paramLabel = "LEVEL",
            description = "fiber priority of the program: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Fiber.Priority priority = Fiber.Priority.NORMAL;

    @Option(names = "--numa", description = "run the scheduler with NUMA-aware placement")
    boolean numa;

    /** Folder of V8's code cache for loaded modules, or null for none; set by the command, not an option. */
    Path codeCache;

    Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
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
