package dev.tocin.v8.module;

import java.util.List;

/**
 * A module failed to resolve, parse, link or evaluate. The message reads like Deno's:
 * <pre>
 * error: SyntaxError: Unexpected token '}'
 *     at file:///app/lib/util.mjs:3:5
 *     imported from file:///app/lib/index.mjs
 *     imported from file:///app/main.mjs
 * </pre>
 * {@link #file()}, {@link #line()} and {@link #column()} (1-based, 0 when unknown) point at the
 * offending source: the bad token, the throwing statement, or the import that could not be resolved.
 */
public final class ModuleException extends RuntimeException {
    /** When it failed, as test262 names the phases. */
    public enum Phase {
        /** The module's own source does not parse (or is invalid JSON). */
        PARSE,
        /** A specifier did not resolve, a dependency did not load or parse, or linking failed. */
        RESOLUTION,
        /** The module graph threw while evaluating. */
        RUNTIME
    }

    private final Phase phase;
    private final String errorType;
    private final String detail;
    private final String file;
    private final int line;
    private final int column;
    private final List<String> importChain;

    private ModuleException(Builder b) {
        super(format(b.errorType, b.detail, b.file, b.line, b.column, b.chain), b.cause);
        this.phase = b.phase;
        this.errorType = b.errorType;
        this.detail = b.detail;
        this.file = b.file;
        this.line = b.line;
        this.column = b.column;
        this.importChain = List.copyOf(b.chain);
    }

    /** A new error of {@code errorType} ({@code SyntaxError}, {@code TypeError}, ...) with its message. */
    static Builder of(Phase phase, String errorType, String detail) {
        return new Builder(phase, errorType, detail);
    }

    /** This error with another phase and import chain (a dependency's parse error seen from its importer). */
    ModuleException withChain(Phase phase, List<String> chain) {
        return of(phase, errorType, detail).at(file, line, column).chain(chain).cause(getCause()).build();
    }

    /** Where it happened, the import chain and the cause; everything but the phase, type and message is optional. */
    static final class Builder {
        private final Phase phase;
        private final String errorType;
        private final String detail;
        private String file;
        private int line;
        private int column;
        private List<String> chain = List.of();
        private Throwable cause;

        private Builder(Phase phase, String errorType, String detail) {
            this.phase = phase;
            this.errorType = errorType;
            this.detail = detail;
        }

        /** The source the error points at; {@code line} and {@code column} are 1-based, 0 when unknown. */
        Builder at(String file, int line, int column) {
            this.file = file;
            this.line = line;
            this.column = column;
            return this;
        }

        Builder at(String file) {
            return at(file, 0, 0);
        }

        Builder chain(List<String> importers) {
            this.chain = importers;
            return this;
        }

        Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        ModuleException build() {
            return new ModuleException(this);
        }
    }

    private static String format(String type, String detail, String file, int line, int column, List<String> chain) {
        return "error: " + type + ": " + where(detail, file, line, column, chain);
    }

    /** The message a JavaScript error made from this exception carries: detail, location, chain. */
    String jsMessage() {
        return where(detail, file, line, column, importChain);
    }

    private static String where(String detail, String file, int line, int column, List<String> chain) {
        var sb = new StringBuilder(detail);
        if (file != null) {
            sb.append("\n    at ").append(file);
            if (line > 0) {
                sb.append(':').append(line).append(':').append(column);
            }
        }
        for (String importer : chain) {
            sb.append("\n    imported from ").append(importer);
        }
        return sb.toString();
    }

    public Phase phase() {
        return phase;
    }

    /** The JavaScript error constructor's name ({@code SyntaxError}, {@code TypeError}, ...) or {@code Error}. */
    public String errorType() {
        return errorType;
    }

    /** The message without location and chain. */
    public String detail() {
        return detail;
    }

    /** The URL of the source the error points at, or null when there is none. */
    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The importers, nearest first, from the failing module up to the entry module. */
    public List<String> importChain() {
        return importChain;
    }
}
