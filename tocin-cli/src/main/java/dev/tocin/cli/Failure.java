package dev.tocin.cli;

import dev.tocin.v8.JsException;
import dev.tocin.v8.ScriptTimeoutException;
import dev.tocin.v8.UnsettledAwaitException;
import dev.tocin.v8.module.ModuleException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * How {@code run} and {@code eval} report a program that failed: one readable message on stderr,
 * exit code 1, or 13 for a top-level await nothing can settle (as Node).
 */
final class Failure {
    static final int EXIT_CODE = 1;
    /** Node's exit code for "Detected unsettled top-level await". */
    static final int UNSETTLED_AWAIT_EXIT_CODE = 13;

    private Failure() {
    }

    static int report(PrintWriter err, Exception e, Optional<Duration> timeout) {
        String limit = "tocin: timed out after " + timeout.map(Failure::human).orElse("the deadline") + " (--timeout): ";
        switch (e) {
            case JsSession.TimedOut t -> err.println(limit + t.getMessage());
            case TimeoutException t -> err.println(limit + "timers or promises were still pending");
            case ScriptTimeoutException t when timeout.isPresent() ->
                    err.println(limit + "JavaScript ran that long without returning and was terminated");
            case UnsettledAwaitException u -> {
                err.println("Warning: " + u.getMessage());
                err.flush();
                return UNSETTLED_AWAIT_EXIT_CODE;
            }
            case JsSession.UncaughtError u -> err.println(uncaught((RuntimeException) u.getCause()));
            // Their messages already name file:line:column, the import chain and the JS stack.
            case ModuleException m -> err.println(m.getMessage());
            case JsException j -> err.println(describe(j));
            default -> {
                err.println("tocin: " + e.getMessage());
                if (e.getMessage() == null || e instanceof IllegalStateException) {
                    e.printStackTrace(err);
                }
            }
        }
        err.flush();
        return EXIT_CODE;
    }

    /** An error nothing caught, as Node's REPL shows it: {@code Uncaught 42}, {@code Uncaught TypeError: ...}. */
    static String uncaught(RuntimeException e) {
        String text = e instanceof JsException j ? describe(j) : e.getMessage();
        return text.startsWith("Uncaught") || text.contains("\nUncaught ") ? text : "Uncaught " + text;
    }

    /**
     * A JS error's report; a thrown value that is not an Error ({@code throw 42}, {@code throw {code: 1}})
     * is shown as the REPL shows values, after the location lines.
     */
    private static String describe(JsException j) {
        String report = j.getMessage();
        if (!"Uncaught".equals(j.name())) {
            return report;
        }
        int headline = report.lastIndexOf("Uncaught ");
        return (headline < 0 ? "" : report.substring(0, headline)) + "Uncaught " + ValueInspector.inspect(j.thrownValue());
    }

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
