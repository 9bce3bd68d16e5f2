package dev.tocin.bench.jsengines;

import java.nio.file.Files;
import java.nio.file.Path;

/** The js-engines workload modules in the source tree, for other suites that run the same JavaScript. */
public final class WorkloadFiles {
    private WorkloadFiles() {
    }

    /**
     * {@code richards.mjs} (export {@code run(iterations)}, returning {@code "2322/928"} for one
     * iteration), read in place from {@code tocin-bench-js}'s resources.
     *
     * @throws IllegalStateException when no source tree is found or the file is missing
     */
    public static Path richards() {
        Path file = JsEnginesBuild.findRoot()
                .resolve("tocin-bench-js/src/main/resources/dev/tocin/bench/jsengines/js/richards.mjs");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the richards workload is missing: " + file);
        }
        return file;
    }
}
