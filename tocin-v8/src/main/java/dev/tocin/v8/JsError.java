package dev.tocin.v8;

/**
 * A JavaScript error as Java sees it: the reason of a rejected promise.
 *
 * @param name    the error's {@code name} ({@code "TypeError"}, {@code "Error"}, ...); {@code "Uncaught"}
 *                when the reason is not an Error object (e.g. {@code reject(42)})
 * @param message the error's {@code message}, or the reason as text when it is not an Error
 * @param stack   the JS stack as V8 formats it ({@code "Error: boom\n    at f (file.mjs:3:9)"}), or
 *                {@code ""} when the reason has none
 */
public record JsError(String name, String message, String stack) {
    public JsError {
        name = name == null ? "" : name;
        message = message == null ? "" : message;
        stack = stack == null ? "" : stack;
    }

    static JsError of(JsException e) {
        return new JsError(e.name(), e.jsMessage(), e.jsStack());
    }

    /** {@code name: message}, like JS's {@code Error.prototype.toString}. */
    @Override
    public String toString() {
        return name.isEmpty() ? message : message.isEmpty() ? name : name + ": " + message;
    }
}
