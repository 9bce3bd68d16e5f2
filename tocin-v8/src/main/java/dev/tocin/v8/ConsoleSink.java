package dev.tocin.v8;

import java.io.PrintStream;

/**
 * Where {@code console.log/info/debug/warn/error} of a runtime go, one formatted line (or block)
 * per call, on the runtime's loop thread.
 */
@FunctionalInterface
public interface ConsoleSink {
    enum Level { LOG, INFO, DEBUG, WARN, ERROR }

    void write(Level level, String text);

    /** Like Node: log/info/debug to {@code System.out}, warn/error to {@code System.err}. */
    static ConsoleSink standard() {
        return (level, text) -> {
            PrintStream out = switch (level) {
                case WARN, ERROR -> System.err;
                case LOG, INFO, DEBUG -> System.out;
            };
            out.println(text);
        };
    }

    /** Everything to one stream (e.g. {@code System.out} for a program whose only output is its console). */
    static ConsoleSink to(PrintStream out) {
        return (level, text) -> out.println(text);
    }
}
