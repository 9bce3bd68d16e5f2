package dev.tocin.bench.jsengines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cold-load workload loads the whole lodash-es graph on every engine (installed with npm
 * into a temporary folder: needs npm and the npm registry, like the benchmark itself).
 */
class LodashLoadTest {
    @TempDir
    static Path dir;

    static BenchFiles files;

    @BeforeAll
    static void files() throws Exception {
        files = BenchFiles.prepare(dir);
        files.ensureLodash(line -> { });
    }

    @ParameterizedTest
    @EnumSource(JsEngine.Kind.class)
    void everyEngineLoadsTheGraphAndCallsIntoIt(JsEngine.Kind kind) {
        // 322 exports in lodash-es 4.17.21 (what Node reports for the same entry module)
        assertThat(ColdLoadBench.loadOnce(kind, files).result()).isEqualTo("322:fresh-runtime-load");
    }

    @Test
    void tocinLoadsTheSameGraphThroughAFilledV8CodeCache(@TempDir Path cache) throws Exception {
        assertThat(ColdLoadBench.loadOnce(() -> new TocinEngine(cache), files).result()).isEqualTo("322:fresh-runtime-load");
        try (var entries = Files.list(cache)) {
            assertThat(entries.count()).as("code-cache files written by the first load").isPositive();
        }
        assertThat(ColdLoadBench.loadOnce(() -> new TocinEngine(cache), files).result()).isEqualTo("322:fresh-runtime-load");
    }
}
