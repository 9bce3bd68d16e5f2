package dev.tocin.v8.module;

import dev.tocin.v8.V8Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inputs at the edges (issue #12 item 13): deep import chains and files that are not text, through the public runtime. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModuleEdgeCasesTest {
    @Test
    void aChainOfThreeThousandStaticImportsLoadsAsInNode(@TempDir Path dir) throws Exception {
        int depth = 3000;
        for (int i = 0; i < depth; i++) {
            String body = i + 1 < depth
                    ? "import { n as below } from './m" + (i + 1) + ".mjs';\nexport const n = below + 1;\n"
                    : "export const n = 1;\n";
            Files.writeString(dir.resolve("m" + i + ".mjs"), body);
        }
        try (var rt = new V8Runtime()) {
            rt.initialize();
            rt.loadModule(dir.resolve("m0.mjs").toString(), "chain");
            assertThat(rt.executeCode("import { n } from 'chain'; n").toString()).isEqualTo(String.valueOf(depth));
        }
    }

    @Test
    void aBinaryFileImportedAsAModuleSaysItIsNotUtf8Text(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("data.bin.mjs"), new byte[]{'e', 'x', 'p', (byte) 0xC3, (byte) 0x28, 0, 1, 2});
        Files.writeString(dir.resolve("main.mjs"), "import './data.bin.mjs';\n");
        try (var rt = new V8Runtime()) {
            rt.initialize();
            assertThatThrownBy(() -> rt.loadModule(dir.resolve("main.mjs").toString(), "main"))
                    .isInstanceOfSatisfying(ModuleException.class, e -> {
                        assertThat(e.detail()).contains("data.bin.mjs").contains("not valid UTF-8").contains("byte offset 3");
                        assertThat(e.detail()).doesNotContain("Input length");
                        assertThat(e.file()).endsWith("main.mjs");
                        assertThat(e.line()).isEqualTo(1);
                    });
        }
    }
}
