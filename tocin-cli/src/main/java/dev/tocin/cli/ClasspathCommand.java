package dev.tocin.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the runtime classpath of every Tocin module, for jshell or javac. */
@Command(
        name = "classpath",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the runtime classpath of all Tocin modules and their dependencies.",
            "Use it as: jshell --class-path \"$(./tocin classpath)\""
        })
final class ClasspathCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(classpath(System.getProperty("java.class.path")));
    }

    /** The given classpath with every entry made absolute, so it works from any folder. */
    static String classpath(String raw) {
        return Arrays.stream(raw.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
