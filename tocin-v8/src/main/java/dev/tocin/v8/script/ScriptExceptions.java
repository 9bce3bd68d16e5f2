package dev.tocin.v8.script;

import dev.tocin.v8.JsException;
import dev.tocin.v8.module.ModuleException;

import javax.script.ScriptException;

/** Turns the runtime's failures into {@link ScriptException}s with file, line and column. */
final class ScriptExceptions {
    /** The resource name V8Runtime gives code run through executeCode. */
    private static final String CODE_RESOURCE = "executeCode";

    private ScriptExceptions() {
    }

    /**
     * @param fileName the script's {@code javax.script.filename}, reported instead of the runtime's
     *                 own resource name for errors in the evaluated code; may be null
     */
    static ScriptException from(RuntimeException e, String fileName) {
        ScriptException se = switch (e) {
            case JsException js -> located(js.name() + ": " + js.jsMessage(), js.file(), js.line(), js.column(), fileName);
            case ModuleException m -> located(m.getMessage(), m.file(), m.line(), m.column(), fileName);
            default -> new ScriptException(e.getMessage());
        };
        se.initCause(e);
        return se;
    }

    private static ScriptException located(String message, String file, int line, int column, String fileName) {
        String where = fileName != null && (file == null || file.isEmpty() || CODE_RESOURCE.equals(file) || "repl".equals(file))
                ? fileName : file;
        return new ScriptException(message, where, line > 0 ? line : -1, column > 0 ? column : -1);
    }
}
