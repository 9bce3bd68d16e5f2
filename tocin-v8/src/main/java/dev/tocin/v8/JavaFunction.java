package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;

/**
 * A Java function that JavaScript can call ({@link V8Runtime#registerFunction}). It runs on the
 * runtime's loop thread, so it should return quickly: long work belongs in a fiber, returned as a
 * {@code CompletableFuture} (JS then sees a promise).
 */
@FunctionalInterface
public interface JavaFunction {
    /**
     * @param args the JS arguments
     * @return an {@link FFIValue}, a plain Java value ({@link FFIValue#fromJava}), or {@code null} for {@code undefined}
     * @throws Exception becomes a JS {@code Error} whose {@code name} is the exception's simple class
     *                   name, {@code message} its message and {@code javaType} its class name
     */
    Object call(FFIValue[] args) throws Exception;
}
