package dev.tocin.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI entry point in this JVM with captured stdout and stderr. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = TocinCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
