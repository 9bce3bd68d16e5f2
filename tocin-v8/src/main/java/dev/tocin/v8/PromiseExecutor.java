package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;

import java.util.function.Consumer;

/**
 * The body of {@link V8Runtime#createPromise}: it runs at once, on the calling thread, and hands
 * {@code resolve}/{@code reject} to whatever will finish the work. Both may be called from any
 * thread, fiber or JS callback; only the first call counts, later ones are ignored (and counted
 * in DEBUG logging). An exception thrown by the executor rejects the promise, as in JavaScript.
 */
@FunctionalInterface
public interface PromiseExecutor {
    /**
     * @param resolve fulfils the promise with a value
     * @param reject  rejects it with a JS {@code Error} whose message is the exception's message and
     *                whose {@code name} is its simple class name ({@code javaClass}: the full name)
     */
    void execute(Consumer<FFIValue> resolve, Consumer<Throwable> reject) throws Exception;
}
