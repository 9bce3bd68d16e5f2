package dev.tocin.v8.module;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceScanTest {
    @Test
    void findsEveryFormOfImportCallAndMeta() {
        assertThat(SourceScan.mayUseImportCallOrMeta("await import('x')")).isTrue();
        assertThat(SourceScan.mayUseImportCallOrMeta("import\n  ('x')")).isTrue();
        assertThat(SourceScan.mayUseImportCallOrMeta("f(import.meta.url)")).isTrue();
        assertThat(SourceScan.mayUseImportCallOrMeta("import /* c */ ('x')")).isTrue();
        assertThat(SourceScan.mayUseImportCallOrMeta("import { a } from 'x'; import * as b from 'y'; import 'z';")).isFalse();
        assertThat(SourceScan.mayUseImportCallOrMeta("reimport('x'); my_import.meta")).isFalse();
    }

    @Test
    void findsTypeAttributeClauses() {
        assertThat(SourceScan.mayHaveTypeAttribute("import d from './d.json' with { type: 'json' };")).isTrue();
        assertThat(SourceScan.mayHaveTypeAttribute("import d from './d.json' with {\n \"type\": 'json' };")).isTrue();
        assertThat(SourceScan.mayHaveTypeAttribute("import d from './d.json' assert { type: 'json' };")).isTrue();
        assertThat(SourceScan.mayHaveTypeAttribute("// works with { anything }\nconst withX = { type: 1 };")).isFalse();
    }

    @Test
    void sourcePhaseImportsAreFoundAndOrdinaryImportsAreNot() {
        assertThat(SourceScan.maySourcePhaseImport("import source wasm from './x.wasm';")).isTrue();
        assertThat(SourceScan.maySourcePhaseImport("import\n  source\n  y from './y.js';")).isTrue();
        assertThat(SourceScan.maySourcePhaseImport("import sourceMap from './map.js'; reimport source x")).isFalse();
        assertThat(SourceScan.maySourcePhaseImport("import { source } from './x.js';")).isFalse();
    }
}
