package dev.tocin.v8;

import com.caoccao.javet.enums.V8ValueErrorType;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueError;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValueSymbol;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Errors crossing the boundary: Java exceptions as JS Errors and JS rejection reasons as {@link JsError}. */
final class JsErrors {
    private JsErrors() {
    }

    /**
     * A JS Error carrying the Java exception: {@code message} is the Java message, {@code name}
     * the exception's simple class name and {@code javaClass} its full class name; the caller owns it.
     */
    static V8ValueError fromJava(com.caoccao.javet.interop.V8Runtime v8, Throwable t) throws JavetException {
        Throwable cause = unwrap(t);
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        var error = v8.createV8ValueError(V8ValueErrorType.Error, message);
        error.set("name", cause.getClass().getSimpleName(), "javaClass", cause.getClass().getName());
        return error;
    }

    /** The failure a future completed with, without the CompletionException/ExecutionException wrappers. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** How Java reports a JS rejection reason or thrown value. */
    static JsError describe(V8Value reason) throws JavetException {
        return switch (reason) {
            case V8ValueError e -> new JsError(e.getString("name"), e.getMessage(), e.getStack());
            case V8ValueSymbol s -> new JsError("symbol", s.toString(), "");
            case V8ValueObject o when o.has("message") || o.has("stack") ->
                    new JsError(o.getString("name"), o.getString("message"), o.getString("stack"));
            case V8ValueObject o -> new JsError("object", o.toString(), "");
            case null -> new JsError("undefined", "undefined", "");
            default -> new JsError(typeOf(reason), reason.toString(), "");
        };
    }

    private static String typeOf(V8Value v) {
        return switch (v) {
            case com.caoccao.javet.values.primitive.V8ValueString s -> "string";
            case com.caoccao.javet.values.primitive.V8ValueBoolean b -> "boolean";
            case com.caoccao.javet.values.primitive.V8ValueNull n -> "null";
            case com.caoccao.javet.values.primitive.V8ValueUndefined u -> "undefined";
            case com.caoccao.javet.values.primitive.V8ValueLong l -> "bigint";
            case com.caoccao.javet.values.primitive.V8ValueBigInteger b -> "bigint";
            default -> "number";
        };
    }
}
