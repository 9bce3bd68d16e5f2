package dev.tocin.v8;

import com.caoccao.javet.enums.V8ValueErrorType;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueError;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Java exceptions crossing into JavaScript as JS Errors (the other direction is {@link ScriptErrors}). */
final class JsErrors {
    private JsErrors() {
    }

    /**
     * A JS Error carrying the Java exception: {@code message} is the Java message, {@code name}
     * the exception's simple class name and {@code javaClass} its full class name (a
     * {@link JsException} gets its JS name, message and stack back); the caller owns it.
     */
    static V8ValueError fromJava(IV8Creatable v8, Throwable t) throws JavetException {
        Throwable cause = unwrap(t);
        if (cause instanceof JsException js) {
            // A JS error on its way back to JS: keep its own name, message and stack.
            var error = v8.createV8ValueError(errorType(js.name()), js.jsMessage());
            error.set("name", js.name());
            if (!js.jsStack().isEmpty()) {
                error.setStack(js.jsStack());
            }
            return error;
        }
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        var error = v8.createV8ValueError(V8ValueErrorType.Error, message);
        error.set("name", cause.getClass().getSimpleName(), "javaClass", cause.getClass().getName());
        return error;
    }

    /**
     * For a Java callback that failed: throws the JS Error made from {@code t} ({@link #fromJava}) in
     * the JS that called it, and returns undefined, what the callback then returns to V8.
     */
    static V8Value throwInJs(IV8Creatable v8, Throwable t) throws JavetException {
        try (V8ValueError error = fromJava(v8, t)) {
            error.getV8Runtime().throwError(error);
        }
        return v8.createV8ValueUndefined();
    }

    /** The constructor for a JS error name, so that {@code e instanceof RangeError} holds in JS. */
    private static V8ValueErrorType errorType(String name) {
        return switch (name) {
            case "RangeError" -> V8ValueErrorType.RangeError;
            case "ReferenceError" -> V8ValueErrorType.ReferenceError;
            case "SyntaxError" -> V8ValueErrorType.SyntaxError;
            case "TypeError" -> V8ValueErrorType.TypeError;
            default -> V8ValueErrorType.Error;
        };
    }

    /** The failure a future completed with, without the CompletionException/ExecutionException wrappers. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
