package dev.tocin.ffi;

/** Malformed JSON given to {@link FFIValue#fromJSON(String)}: says what was expected and where. */
public final class JsonSyntaxException extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final int offset;

    JsonSyntaxException(String problem, int line, int column, int offset) {
        super("JSON syntax error at line " + line + ", column " + column + " (offset " + offset + "): " + problem);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column (in UTF-16 units) of the problem. */
    public int column() {
        return column;
    }

    /** 0-based character offset of the problem. */
    public int offset() {
        return offset;
    }
}
