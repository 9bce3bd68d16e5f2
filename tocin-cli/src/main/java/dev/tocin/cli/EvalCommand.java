package dev.tocin.cli;

import dev.tocin.ffi.FFIValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tocin eval 'code'}: runs code like one REPL input and prints its value, like {@code node -p}. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Runs JavaScript code and prints its value, like node -p.",
            "%nCODE runs as one REPL input: import statements and top-level await are allowed, relative imports"
                    + " resolve against the current folder. The value of its last expression is printed unless it"
                    + " is undefined (strings as they are). Timers and promises it starts run before the exit.%n"
        })
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RuntimeOptions options;

    @Parameters(index = "0", paramLabel = "CODE", description = "the JavaScript to run")
    String code;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "arguments for the code (tocin.args)")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var roots = new ArrayList<>(options.readRoots());
        roots.add(Path.of("").toAbsolutePath());
        try (var session = new JsSession(options, roots, args, out, err, true)) {
            try {
                FFIValue value = session.call(() -> session.runtime().executeCode(code));
                if (!(value instanceof FFIValue.Undefined)) {
                    out.println(ValueInspector.print(value));
                    out.flush();
                }
                if (!session.runUntilIdle()) {
                    throw new TimeoutException();
                }
                return session.exitCode();
            } catch (Exception e) {
                return Failure.report(err, e, options.timeout());
            } finally {
                out.flush();
            }
        }
    }
}
