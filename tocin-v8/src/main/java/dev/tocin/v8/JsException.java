package dev.tocin.v8;

/**
 * A JavaScript error that reached Java: a syntax error, or a value thrown by the code that ran.
 * {@link #getMessage()} reads like Node's report: {@code file:line:column}, the source line and
 * the JS stack.
 */
public class JsException extends RuntimeException {
    private final String name;
    private final String jsMessage;
    private final String file;
    private final int line;
    private final int column;
    private final String jsStack;
    private final dev.tocin.ffi.FFIValue thrownValue;

    /**
     * @param name      the error's {@code name} ({@code SyntaxError}, {@code TypeError}, ...), or
     *                  {@code "Uncaught"} for a thrown value that is not an Error
     * @param jsMessage the error's {@code message}
     * @param file      the resource the error points at
     * @param line      1-based line, 0 when unknown
     * @param column    1-based column, 0 when unknown
     * @param jsStack   the JS {@code stack}, or empty
     * @param report    the full human-readable report used as the exception message
     */
    public JsException(String name, String jsMessage, String file, int line, int column, String jsStack, String report) {
        this(name, jsMessage, file, line, column, jsStack, report, null);
    }

    /**
     * @param thrownValue the value JavaScript threw or rejected with, as far as it crosses to Java;
     *                    {@code null} when not known
     */
    public JsException(String name, String jsMessage, String file, int line, int column, String jsStack, String report,
                       dev.tocin.ffi.FFIValue thrownValue) {
        super(report);
        this.thrownValue = thrownValue;
        this.name = name;
        this.jsMessage = jsMessage;
        this.file = file;
        this.line = line;
        this.column = column;
        this.jsStack = jsStack == null ? "" : jsStack;
    }

    /** The JS error's {@code name}, e.g. {@code SyntaxError}. */
    public String name() {
        return name;
    }

    /** The JS error's {@code message} alone. */
    public String jsMessage() {
        return jsMessage;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /**
     * The value that was thrown ({@code throw 42}, {@code Promise.reject({code: 1})}): a primitive or
     * plain object as itself, an Error as an OBJECT of its {@code name}, {@code message} and
     * {@code stack}; {@code UNDEFINED} when the value is not known (e.g. a syntax error has none).
     */
    public dev.tocin.ffi.FFIValue thrownValue() {
        return thrownValue != null ? thrownValue : errorObject();
    }

    private dev.tocin.ffi.FFIValue errorObject() {
        if ("Uncaught".equals(name)) {
            return dev.tocin.ffi.FFIValue.UNDEFINED;
        }
        var fields = new java.util.LinkedHashMap<String, dev.tocin.ffi.FFIValue>();
        fields.put("name", dev.tocin.ffi.FFIValue.of(name));
        fields.put("message", dev.tocin.ffi.FFIValue.of(jsMessage == null ? "" : jsMessage));
        fields.put("stack", dev.tocin.ffi.FFIValue.of(jsStack));
        return dev.tocin.ffi.FFIValue.of(fields);
    }

    /** The JS stack as JavaScript printed it, if any. */
    public String jsStack() {
        return jsStack;
    }
}
