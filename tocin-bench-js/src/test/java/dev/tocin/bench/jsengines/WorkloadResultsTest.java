package dev.tocin.bench.jsengines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every workload on every engine, tiny sizes, against known results. */
class WorkloadResultsTest {
    @TempDir
    static Path dir;

    static BenchFiles files;

    @BeforeAll
    static void files() throws Exception {
        files = BenchFiles.prepare(dir);
    }

    /**
     * Richards' counts and the N-body energy are the published values; SHA-256 is recomputed
     * with the JDK; NavierStokes and JSON are what Node 20 returns (also checked live below).
     */
    static Stream<Arguments> tiny() {
        return Stream.of(
                Arguments.of(Workload.RICHARDS, 1, "2322/928"),
                Arguments.of(Workload.NAVIER_STOKES, 2, "5.494982096478805"),
                Arguments.of(Workload.NBODY, 1000, "-0.169087605"),
                Arguments.of(Workload.SHA256, 2, Workload.SHA256.expected(2).orElseThrow()),
                Arguments.of(Workload.JSON, 2, "76881:12777875"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(JsEngine.Kind.values())
                .flatMap(kind -> tiny().map(a -> Arguments.of(kind, a.get()[0], a.get()[1], a.get()[2])));
    }

    @ParameterizedTest(name = "{0} {1}({2})")
    @MethodSource("cases")
    void workloadReturnsTheKnownResult(JsEngine.Kind kind, Workload workload, int size, String expected) {
        try (JsEngine engine = kind.create()) {
            engine.load(files.script(workload.file()), workload.moduleName());
            assertThat(engine.prepare(workload.moduleName(), "run", (long) size).invoke()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "node {0}({1})")
    @MethodSource("tiny")
    void nodeAgrees(Workload workload, int size, String expected) throws Exception {
        var node = NodeRunner.find(files);
        assumeTrue(node.isPresent(), "node is not on PATH");
        var tiny = new Budget(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, 1, 1, new int[] {1});
        assertThat(node.get().compute(workload, size, tiny).result()).isEqualTo(expected);
    }

    @Test
    void sha256MatchesTheStandardTestVector() {
        try (JsEngine engine = JsEngine.Kind.GRAALJS.create()) {
            // the FIPS 180-2 "abc" vector, through the module's own exports
            engine.load(writeModule("vector.mjs", """
                    import { sha256, hex } from './sha256.mjs';
                    export const abc = () => hex(sha256(Uint8Array.from('abc', (c) => c.charCodeAt(0))));
                    """), "vector");
            assertThat(engine.prepare("vector", "abc").invoke())
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
    }

    @Test
    void aWrongResultFailsTheRunNamingEngineAndValues() {
        var results = new LinkedHashMap<String, Object>();
        results.put("node", "2322/928");
        results.put("tocin", "2321/928");
        assertThatThrownBy(() -> ComputeBench.check(Workload.RICHARDS, 1, results))
                .hasMessageContaining("richards(1) on tocin returned 2321/928, expected 2322/928");
    }

    @Test
    void withoutAnIndependentAnswerNodeIsTheReference() {
        var results = new LinkedHashMap<String, Object>();
        results.put("node", "1.5");
        results.put("graaljs-interp", "1.5");
        results.put("tocin", "1.25");
        assertThatThrownBy(() -> ComputeBench.check(Workload.NAVIER_STOKES, 3, results))
                .hasMessageContaining("on tocin returned 1.25, expected 1.5");
    }

    private static Path writeModule(String name, String source) {
        try {
            return java.nio.file.Files.writeString(dir.resolve(name), source);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
