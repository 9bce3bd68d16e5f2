package dev.tocin.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the CLI entry point in this JVM with captured stdout and stderr. */
record Cli(int exitCode, String out, String err) {
    /** The run fixtures: modules, a node_modules folder with a package. */
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/run").toAbsolutePath();

    static Cli run(String... args) {
        return withStdin(InputStream.nullInputStream(), args);
    }

    static Cli withStdin(String stdin, String... args) {
        return withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    private static Cli withStdin(InputStream stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = TocinCommand.commandLine(stdin);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }
}
