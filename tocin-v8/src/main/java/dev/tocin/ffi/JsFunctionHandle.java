package dev.tocin.ffi;

/**
 * A function that can be called across the Java/JavaScript boundary: the payload of an
 * {@link FFIValue.FunctionValue}.
 *
 * <p>A handle obtained from JavaScript is bound to the runtime it came from: calling it from
 * any thread or fiber runs the JS function on that runtime's loop thread and waits for the
 * result (a fiber parks). A handle written in Java (a lambda) becomes a plain JS function
 * when it is passed to a runtime.
 */
@FunctionalInterface
public interface JsFunctionHandle {
    /**
     * Calls the function.
     *
     * @param args the arguments, converted to JS values for a JS function
     * @return the function's result ({@link FFIValue#UNDEFINED} when it returns nothing)
     * @throws RuntimeException what the function threw; a JS exception keeps its JS stack in the message
     */
    FFIValue call(FFIValue... args);
}
