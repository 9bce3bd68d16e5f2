package dev.tocin.v8;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetScriptingError;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.interfaces.IJavetEntityError;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.module.SourceMaps;

import java.util.Map;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what V8 threw into the public {@link JsException}: name, message, {@code file:line:column},
 * the offending source line with a caret, and the JS stack. Loop thread only.
 */
final class ScriptErrors {
    /** {@code at f (file:///x.mjs:3:5)} or {@code at file:///x.mjs:3:5}. */
    private static final Pattern FRAME = Pattern.compile("^\\s*at (?:.*? \\()?(.+?):(\\d+):(\\d+)\\)?\\s*$", Pattern.MULTILINE);
    private static final String UNCAUGHT = "Uncaught";
    private static final Pattern NAME = Pattern.compile("^([A-Za-z_$][\\w$]*): ?(.*)$", Pattern.DOTALL);

    private ScriptErrors() {
    }

    /**
     * The exception to throw for {@code t}, which happened while running {@code what}: a
     * {@link JsException} for a JS error, the same exception for our own runtime exceptions,
     * an {@link IllegalStateException} naming {@code what} for anything else.
     */
    static RuntimeException translate(Throwable t, String what) {
        if (t instanceof BaseJavetScriptingException s) {
            return fromScriptingError(s.getScriptingError(), what);
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t instanceof JavetException je) {
            return new IllegalStateException(what + " failed: " + je.getMessage(), je);
        }
        return new IllegalStateException(what + " failed: " + t, t);
    }

    private static JsException fromScriptingError(JavetScriptingError e, String what) {
        var at = SourceMaps.of(e, what);
        String file = at.file();
        int line = at.line();
        int column = at.column();
        // The source line V8 quotes is the transpiled one: leave it out when the position was mapped.
        String sourceLine = line == Math.max(0, e.getLineNumber()) ? e.getSourceLine() : null;
        Object context = e.getContext();
        if (!(context instanceof IJavetEntityError) && !(context instanceof Map<?, ?> map && map.containsKey("stack"))) {
            // throw 42, throw 'boom', throw {code: 1}: Javet keeps no message, only the value converted to Java.
            FFIValue thrown = context == null ? FFIValue.NULL : javaValue(context);
            return new JsException(UNCAUGHT, text(thrown), file, line, column, "",
                    report(UNCAUGHT + " " + inspect(thrown), file, line, column, sourceLine, e.getStartColumn(),
                            e.getEndColumn(), ""), thrown);
        }
        String detailed = e.getDetailedMessage() == null ? String.valueOf(e.getMessage()) : e.getDetailedMessage();
        String name = UNCAUGHT;
        String message = detailed;
        Matcher m = NAME.matcher(detailed);
        if (m.matches()) {
            name = m.group(1);
            message = m.group(2);
        }
        String stack = e.getStack() == null || "null".equals(e.getStack()) ? "" : SourceMaps.remap(e.getStack());
        return new JsException(name, message, file, line, column, stack,
                report(headline(name, message), file, line, column, sourceLine, e.getStartColumn(), e.getEndColumn(), stack));
    }

    private static FFIValue javaValue(Object context) {
        try {
            return FFIValue.fromJava(context);
        } catch (IllegalArgumentException notConvertible) {
            return FFIValue.of(String.valueOf(context));
        }
    }

    /** JavaScript's {@code String(value)} for what crossed: the string itself, numbers as numbers, JSON for the rest. */
    private static String text(FFIValue value) {
        return value instanceof FFIValue.StringValue(String s) ? s : value.toString();
    }

    /** As Node's REPL shows a thrown value after "Uncaught": strings quoted. */
    private static String inspect(FFIValue value) {
        return value instanceof FFIValue.StringValue(String s) ? "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'" : text(value);
    }

    private static String headline(String name, String message) {
        return UNCAUGHT.equals(name) ? UNCAUGHT + " " + message : name + ": " + message;
    }

    /** A JS value thrown or passed as a rejection reason, read without running user code beyond property getters. */
    static JsException fromValue(V8Value value) {
        try {
            if (value instanceof V8ValueObject o && o.has("stack")) {
                String name = o.getString("name");
                String message = o.getString("message");
                String stack = SourceMaps.remap(o.getString("stack"));
                String file = "";
                int line = 0;
                int column = 0;
                Matcher m = FRAME.matcher(stack == null ? "" : stack);
                if (m.find()) {
                    file = m.group(1);
                    line = Integer.parseInt(m.group(2));
                    column = Integer.parseInt(m.group(3));
                }
                name = name == null ? "Error" : name;
                message = message == null ? "" : message;
                return new JsException(name, message, file, line, column, stack,
                        report(headline(name, message), file, line, column, null, 0, 0, stack), null);
            }
            FFIValue thrown = value == null ? FFIValue.UNDEFINED : ffiValue(value);
            return new JsException(UNCAUGHT, text(thrown), "", 0, 0, "", UNCAUGHT + " " + inspect(thrown), thrown);
        } catch (JavetException e) {
            return new JsException("Uncaught", "(unreadable value: " + e.getMessage() + ")", "", 0, 0, "",
                    "Uncaught (unreadable value: " + e.getMessage() + ")");
        }
    }

    private static FFIValue ffiValue(V8Value value) {
        try {
            return ValueConverter.toFFI(value);
        } catch (RuntimeException notConvertible) {
            return FFIValue.of(value.toString());
        }
    }

    private static String report(String headline, String file, int line, int column,
                                 String sourceLine, int startColumn, int endColumn, String stack) {
        var sb = new StringBuilder();
        if (line > 0) {
            sb.append(file).append(':').append(line).append(':').append(column).append('\n');
        }
        if (sourceLine != null && !sourceLine.isBlank()) {
            sb.append(sourceLine).append('\n');
            sb.append(" ".repeat(Math.max(0, startColumn)))
                    .append("^".repeat(Math.max(1, Math.min(endColumn - startColumn, sourceLine.length() - startColumn))))
                    .append('\n').append('\n');
        }
        if (stack != null && stack.startsWith(headline)) {
            sb.append(stack);
        } else {
            sb.append(headline);
            if (stack != null && !stack.isBlank()) {
                sb.append('\n').append(stack);
            }
        }
        return sb.toString();
    }
}
