package dev.tocin.examples.v8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the example's JavaScript files on disk (copying them out when the examples run from a jar). */
final class ModuleFiles {
    private ModuleFiles() {
    }

    static Path path(String name) {
        var url = ModuleFiles.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing example file " + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path dir = Files.createTempDirectory("tocin-examples");
            Path file = dir.resolve(name);
            try (InputStream in = url.openStream()) {
                Files.copy(in, file);
            }
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
