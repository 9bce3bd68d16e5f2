package dev.tocin.bench.jsengines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The call-overhead workloads compute the right thing on every engine, batches included. */
class BoundaryCallsTest {
    @TempDir
    static Path dir;

    static BenchFiles files;

    @BeforeAll
    static void files() throws Exception {
        files = BenchFiles.prepare(dir);
    }

    @ParameterizedTest
    @EnumSource(JsEngine.Kind.class)
    void perCallBatchLoopAndCallback(JsEngine.Kind kind) {
        try (JsEngine engine = kind.create()) {
            engine.load(files.script("calls.mjs"), "calls");
            engine.registerJavaAdd();
            assertThat(engine.prepare("calls", "add", 40L, 2L).invoke()).isEqualTo(42L);
            int[] pairs = {1, 2, -5, 5, Integer.MAX_VALUE, 0, 7, -9};
            assertThat((int[]) engine.prepare("calls", "addPairs", (Object) pairs).invoke())
                    .containsExactly(3, 0, Integer.MAX_VALUE, -2);
            // sum of (i & 7) for i < 16
            assertThat(engine.prepare("calls", "addInJs", 16L).invoke()).isEqualTo(56L);
            assertThat(engine.prepare("calls", "callJava", 10L).invoke()).isEqualTo(10L);
        }
    }
}
