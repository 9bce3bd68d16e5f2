package dev.tocin.cli;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.JsException;
import dev.tocin.v8.module.ModuleException;
import java.io.PrintWriter;

/**
 * The read-eval-print loop of {@code tocin} without arguments: each input runs through
 * {@code V8Runtime.executeCode} (so {@code import} statements and top-level {@code await} work,
 * and declarations persist), input that is not finished yet (an open brace, a template literal)
 * continues on the next line, and each result is printed the way Node's REPL prints it.
 */
final class Repl {
    private static final String HELP = """
            .exit   leave the REPL (or press Ctrl+D)
            .help   this text
            Input that is not finished (an open brace, bracket or template literal) continues on the next line;
            Ctrl+C drops it. import statements and top-level await work; declarations persist.""";

    private final JsSession session;
    private final LineInput input;
    private final PrintWriter out;
    private final PrintWriter err;

    Repl(JsSession session, LineInput input, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.input = input;
        this.out = out;
        this.err = err;
    }

    /** Reads until the end of input or {@code .exit}; 1 if any input failed when not interactive, else 0. */
    int run() throws Exception {
        int failures = 0;
        var pending = new StringBuilder();
        RuntimeException unfinished = null;
        while (true) {
            String line;
            try {
                line = input.read(pending.isEmpty() ? "> " : "... ");
            } catch (LineInput.Interrupted e) {
                if (pending.isEmpty()) {
                    out.println("(To exit, press Ctrl+D or type .exit)");
                }
                pending.setLength(0);
                unfinished = null;
                continue;
            }
            if (line == null) {
                break;
            }
            if (pending.isEmpty() && line.strip().startsWith(".")) {
                var command = line.strip();
                if (command.equals(".exit")) {
                    break;
                }
                if (command.equals(".help")) {
                    out.println(HELP);
                } else {
                    err.println("Invalid REPL keyword " + command + " (try .help)");
                    failures++;
                }
                continue;
            }
            pending.append(line).append('\n');
            var code = pending.toString();
            if (code.isBlank()) {
                pending.setLength(0);
                continue;
            }
            try {
                FFIValue value = session.call(() -> session.runtime().executeCode(code));
                if (input.interactive() || !(value instanceof FFIValue.Undefined)) {
                    out.println(ValueInspector.inspect(value));
                }
            } catch (JsException | ModuleException e) {
                if (unfinished(code, e)) {
                    unfinished = e;
                    continue;
                }
                err.println(e instanceof JsException ? "Uncaught " + e.getMessage() : e.getMessage());
                failures++;
            } catch (Exception e) {
                Failure.report(err, e, java.util.Optional.empty());
                failures++;
            }
            out.flush();
            err.flush();
            pending.setLength(0);
            unfinished = null;
        }
        if (unfinished != null) {
            err.println(unfinished.getMessage());
            failures++;
        }
        if (!input.interactive()) {
            // Piped input behaves like a script: timers it started still run before the exit.
            session.runUntilIdle();
        }
        out.flush();
        return failures > 0 && !input.interactive() ? Failure.EXIT_CODE : 0;
    }

    /**
     * Whether {@code code} failed only because it ends too early, so more lines may finish it:
     * a syntax error at the very end of the input, or an unterminated template or comment (as
     * Node's REPL decides).
     */
    static boolean unfinished(String code, RuntimeException error) {
        // A syntax error comes as a JsException from V8, or as a parse-phase ModuleException
        // from the module system, which has V8 compile the input first (as a module, then a script).
        record Syntax(String name, String message, int line, int column) {
        }
        var syntax = switch (error) {
            case JsException e -> new Syntax(e.name(), e.jsMessage(), e.line(), e.column());
            case ModuleException e when e.phase() == ModuleException.Phase.PARSE ->
                    new Syntax(e.errorType(), e.detail(), e.line(), e.column());
            default -> null;
        };
        if (syntax == null || !"SyntaxError".equals(syntax.name())) {
            return false;
        }
        var message = syntax.message();
        if (message.contains("Unexpected end of input") || message.contains("Unterminated template")
                || message.contains("Unterminated comment")) {
            return true;
        }
        var lines = code.stripTrailing().split("\n", -1);
        int lastLine = lines.length;
        // Columns are 1-based: just past the last character is its length + 1.
        int pastEnd = lines[lines.length - 1].length() + 1;
        return syntax.line() > lastLine || (syntax.line() == lastLine && syntax.column() >= pastEnd);
    }
}
