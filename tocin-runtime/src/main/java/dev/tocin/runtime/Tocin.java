package dev.tocin.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this build of Tocin. */
public final class Tocin {
    private static final String VERSION = loadVersion();

    private Tocin() {
    }

    /** The project version this jar was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    private static String loadVersion() {
        try (var in = Tocin.class.getResourceAsStream("tocin.properties")) {
            if (in == null) {
                throw new IllegalStateException("tocin.properties is missing from the tocin-runtime jar");
            }
            var props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
