package dev.tocin.bench.jsengines;

import java.nio.file.Path;

/**
 * One JavaScript engine inside this JVM, driven the way its users drive it. Values crossing
 * into JS are {@code Long}, {@code Double}, {@code String} or {@code int[]} (an Int32Array on
 * V8, a Java array on GraalJS); results come back as {@code String}, {@code Long},
 * {@code Double} or {@code int[]}.
 */
sealed interface JsEngine extends AutoCloseable permits TocinEngine, GraalJsEngine {
    /** The name in the results: {@code tocin}, {@code graaljs-interp}, {@code graaljs-jit}. */
    String impl();

    /** Loads and evaluates the ES module {@code file} (and its imports) as {@code name}. */
    void load(Path file, String name);

    /** A call of export {@code function} of module {@code name}, with its arguments converted once. */
    PreparedCall prepare(String module, String function, Object... args);

    /** Makes {@code javaAdd(a, b)} (a Java function returning a + b) a global of this engine. */
    void registerJavaAdd();

    @Override
    void close();

    /** A call ready to repeat; each {@link #invoke()} crosses into JS once. */
    @FunctionalInterface
    interface PreparedCall {
        Object invoke();
    }

    /** Which engine to create. */
    enum Kind {
        TOCIN,
        GRAALJS;

        static Kind parse(String s) {
            return switch (s) {
                case "tocin" -> TOCIN;
                case "graaljs" -> GRAALJS;
                default -> throw new IllegalArgumentException("unknown engine '" + s + "' (tocin, graaljs)");
            };
        }

        JsEngine create() {
            return switch (this) {
                case TOCIN -> new TocinEngine();
                case GRAALJS -> GraalJsEngine.standalone();
            };
        }
    }
}
