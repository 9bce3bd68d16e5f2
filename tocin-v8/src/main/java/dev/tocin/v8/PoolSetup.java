package dev.tocin.v8;

/**
 * Prepares one isolate of a {@link V8RuntimePool}: loads the modules, registers the Java
 * functions and sets the globals its handlers need. It runs on every isolate the pool creates,
 * at {@code build()} and again whenever an isolate is replaced, so it must not depend on state
 * left by an earlier isolate.
 */
@FunctionalInterface
public interface PoolSetup {
    /**
     * Prepares {@code runtime}. A throw (or a last call on the runtime that failed, such as
     * {@code loadESModule} returning false) marks the isolate as unusable.
     */
    void setUp(V8Runtime runtime) throws Exception;
}
