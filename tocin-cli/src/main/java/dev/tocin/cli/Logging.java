package dev.tocin.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends java.util.logging (also the default backend of {@link System.Logger}) to stderr, so
 * that stdout carries only program output: WARNING and above by default, everything down to
 * FINE with {@code --verbose}.
 */
final class Logging {
    private Logging() {
    }

    static void toStderr(boolean verbose) {
        var level = verbose ? Level.FINE : Level.WARNING;
        var root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        var handler = new ConsoleHandler(); // writes to System.err
        handler.setLevel(level);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(level);
    }

    /** {@code tocin: WARNING dev.tocin.x.Y: message}, then the stack of a throwable if any. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            var line = new StringBuilder("tocin: ").append(r.getLevel().getName()).append(' ')
                    .append(r.getLoggerName()).append(": ").append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                var stack = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(stack));
                line.append(stack);
            }
            return line.toString();
        }
    }
}
