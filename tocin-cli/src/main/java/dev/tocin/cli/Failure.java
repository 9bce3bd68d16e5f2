package dev.tocin.cli;

import dev.tocin.v8.JsException;
import dev.tocin.v8.module.ModuleException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** How {@code run} and {@code eval} report a program that failed: one readable message on stderr, exit code 1. */
final class Failure {
    static final int EXIT_CODE = 1;

    private Failure() {
    }

    static int report(PrintWriter err, Exception e, Optional<Duration> timeout) {
        switch (e) {
            case TimeoutException t -> err.println("tocin: timed out after " + timeout.map(Failure::human).orElse("the deadline")
                    + " (timers or promises were still pending)");
            case JsSession.UncaughtError u -> err.println("Uncaught " + u.getMessage());
            // Their messages already name file:line:column, the import chain and the JS stack.
            case ModuleException m -> err.println(m.getMessage());
            case JsException j -> err.println(j.getMessage());
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

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
