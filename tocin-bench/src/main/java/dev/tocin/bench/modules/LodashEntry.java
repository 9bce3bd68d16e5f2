package dev.tocin.bench.modules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The modules suite's lodash-es fixture for other suites: an entry module importing all of lodash-es. */
public final class LodashEntry {
    private LodashEntry() {
    }

    /**
     * The entry module (it sets the global {@code lodashExports} to the number of exports), installing
     * lodash-es with npm into the cache folder on first use.
     */
    public static Path prepare(Consumer<String> progress) throws IOException, InterruptedException {
        return LodashFixture.prepare(LodashFixture.defaultCache(), progress).entry();
    }
}
