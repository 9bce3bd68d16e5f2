package dev.tocin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tocin run app.mjs [args]}: like {@code node app.mjs}. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs an ES module in V8 on the fiber scheduler, like node app.mjs.",
            "%n.mjs and .js files are ES modules, and so are .ts, .mts, .cts and .tsx (TypeScript, transpiled, not type-checked)."
                    + " console.log goes to stdout, console.error/warn to stderr."
                    + " It exits when no timer or pending promise is left, with exit code 0 (or the program's"
                    + " tocin.exitCode), and with 1 and the error on stderr when the program fails."
                    + " The program sees its arguments as tocin.args (an array of strings) and process.argv"
                    + " (Node's shape); process.exitCode and process.exit() set the exit code; process.env"
                    + " holds --env/--env-file entries and NODE_ENV=production unless given.%n"
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RuntimeOptions options;

    @Option(names = "--no-cache", description = "do not read or write V8's code cache for the loaded modules"
            + " (default: kept in " + CodeCacheFolder.DESCRIPTION + ")")
    boolean noCache;

    @Parameters(index = "0", paramLabel = "MODULE", description = "the entry module file")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "arguments for the program (tocin.args)")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        var entry = module.toAbsolutePath().normalize();
        if (!Files.isRegularFile(entry)) {
            throw new ParameterException(spec.commandLine(),
                    (Files.exists(entry) ? "Not a file: " : "Cannot find module file: ") + entry);
        }
        if (!noCache) {
            options.codeCache = CodeCacheFolder.get();
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        options.program = true;
        try (var session = new JsSession(options, options.readRoots(), args, out, err, true)) {
            try {
                session.call(() -> session.runtime().loadModule(entry.toString(), "main"));
                if (!session.runUntilIdle()) {
                    throw new java.util.concurrent.TimeoutException();
                }
                return session.exitCode();
            } catch (JsSession.ProgramExit e) {
                return e.code;
            } catch (Exception e) {
                return Failure.report(err, e, options.timeout());
            } finally {
                out.flush();
            }
        }
    }
}
