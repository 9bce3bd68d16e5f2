package dev.tocin.v8.module;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-written module fixtures under src/test/resources/modules. */
final class Fixtures {
    private Fixtures() {
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
