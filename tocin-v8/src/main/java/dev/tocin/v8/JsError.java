package dev.tocin.v8;

/**
 * A JavaScript error as Java sees it, e.g. the reason of a rejected promise.
 *
 * @param name    the error's {@code name} ({@code "TypeError"}, {@code "Error"}, ...); for a reason that is
 *                not an object the JS type ({@code "number"}, {@code "string"}, ...)
 * @param message the error's {@code message}, or {@code String(reason)} for a reason that is not an Error
 * @param stack   the JS stack as V8 formats it ({@code "Error: boom\n    at f (file.mjs:3:9)"}), or
 *                {@code ""} when the reason has none
 */
public record JsError(String name, String message, String stack) {
    public JsError {
        name = name == null ? "" : name;
        message = message == null ? "" : message;
        stack = stack == null ? "" : stack;
    }

    /** {@code name: message}, like JS's {@code Error.prototype.toString}. */
    @Override
    public String toString() {
        return name.isEmpty() ? message : message.isEmpty() ? name : name + ": " + message;
    }
}
