package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8RuntimeOptions;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-written module fixtures under src/test/resources/modules. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * A raw Javet isolate. Scripts stay sloppy unless they opt in, as V8Runtime makes them
     * (Javet defaults to --use-strict, and V8 flags are sealed by the first isolate of the JVM).
     */
    static V8Runtime isolate() throws JavetException {
        if (!V8RuntimeOptions.V8_FLAGS.isSealed()) {
            V8RuntimeOptions.V8_FLAGS.setUseStrict(false);
            ModuleFlags.apply(V8RuntimeOptions.V8_FLAGS);
        }
        return V8Host.getV8Instance().createV8Runtime();
    }

    static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/modules/" + name).toURI()).toRealPath();
        } catch (URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static String url(String path) {
        return dir(path).toUri().toString();
    }
}
