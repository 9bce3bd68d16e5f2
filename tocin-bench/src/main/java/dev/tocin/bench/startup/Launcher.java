package dev.tocin.bench.startup;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code ./tocin} launcher of the source checkout this suite was built in. */
final class Launcher {
    private Launcher() {
    }

    /**
     * {@code -Dtocin.launcher} if set, else the {@code tocin} script two folders above this
     * class's jar or classes folder ({@code <root>/tocin-bench/target/...}).
     */
    static Path find() throws IOException {
        String configured = System.getProperty("tocin.launcher");
        Path launcher;
        if (configured != null) {
            launcher = Path.of(configured);
        } else {
            try {
                Path code = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                launcher = code.getParent().getParent().getParent().resolve("tocin");
            } catch (URISyntaxException | NullPointerException e) {
                throw new IOException("cannot tell where this suite was built: " + e, e);
            }
        }
        if (!Files.isExecutable(launcher)) {
            throw new IOException("the startup suite runs the ./tocin launcher of a source checkout; not found: " + launcher
                    + " (set -Dtocin.launcher)");
        }
        return launcher;
    }
}
