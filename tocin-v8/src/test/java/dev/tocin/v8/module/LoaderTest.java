package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.reference.V8ValueObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader seam: sources come only from the {@link Loader}; their format decides the module code. */
class LoaderTest {
    @TempDir
    Path dir;
    private V8Runtime v8;
    private ModuleSystem modules;
    private final InMemoryLoader loader = new InMemoryLoader();

    @BeforeEach
    void start() throws JavetException {
        v8 = Fixtures.isolate();
        modules = new ModuleSystem(v8, ModuleOptions.defaults(), ModuleSystem.Loop.microtasks(v8), loader);
    }

    @AfterEach
    void stop() throws JavetException {
        modules.close();
        v8.close();
    }

    private String js(V8ValueObject ns, String expression) throws JavetException {
        try (ns) {
            v8.getGlobalObject().set("__ns", ns);
            return v8.getExecutor("String(" + expression + ")").executeString();
        }
    }

    private String url(String name) throws Exception {
        return dir.resolve(name).toRealPath().toUri().toString();
    }

    @Test
    void theLoaderAloneSuppliesSourcesWhateverTheDiskHolds() throws Exception {
        Files.writeString(dir.resolve("main.mjs"), "export const where = 'disk';");
        Files.writeString(dir.resolve("dep.mjs"), "export const v = 'disk';");
        loader.put(url("main.mjs"), "import { v } from './dep.mjs'; export const where = 'memory+' + v;")
                .put(url("dep.mjs"), "export const v = 'memory';");
        assertThat(js(modules.load("./main.mjs", dir), "__ns.where")).isEqualTo("memory+memory");
    }

    @Test
    void bytesAndTextAttributesReadAnyFile() throws Exception {
        Files.writeString(dir.resolve("main.mjs"), "");
        Files.write(dir.resolve("blob.bin"), new byte[0]);
        loader.put(url("blob.bin"), new byte[]{0, (byte) 0xFF, 0x41, (byte) 0xC3})
                .put(url("main.mjs"), """
                        import b from './blob.bin' with { type: 'bytes' };
                        import t from './main.mjs' with { type: 'text' };
                        export const out = [b instanceof Uint8Array, b.buffer.immutable, b.length, [...b].join(','), t.length > 0].join(' ');
                        export const late = (await import('./blob.bin', { with: { type: 'bytes' } })).default === b;
                        """);
        assertThat(js(modules.load("./main.mjs", dir), "__ns.out + ' ' + __ns.late")).isEqualTo("true true 4 0,255,65,195 true true");
    }

    @Test
    void aMissingSourceIsModuleNotFoundAtTheImport() throws Exception {
        Files.writeString(dir.resolve("main.mjs"), "");
        Files.writeString(dir.resolve("gone.mjs"), "");
        loader.put(url("main.mjs"), "// first line\nimport './gone.mjs';\n");
        assertThatThrownBy(() -> modules.load("./main.mjs", dir)).isInstanceOfSatisfying(ModuleException.class, e -> {
            assertThat(e.detail()).contains("Module not found").contains("gone.mjs");
            assertThat(e.file()).endsWith("main.mjs");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(8);
        });
    }

    @Test
    void theTypeAttributeIsCheckedTheSameWayForStaticDynamicAndReplImports() throws Exception {
        Files.writeString(dir.resolve("data.json"), "{\"a\": 1}");
        Files.writeString(dir.resolve("main.mjs"), "");
        loader.put(url("data.json"), "{\"a\": 1}".getBytes(StandardCharsets.UTF_8))
                .put(url("main.mjs"), "import d from './data.json';");
        assertThatThrownBy(() -> modules.load("./main.mjs", dir))
                .isInstanceOfSatisfying(ModuleException.class, e -> assertThat(e.detail()).contains("is a JSON module: import it with { type: 'json' }"));
        modules.setScriptBase(dir);
        assertThatThrownBy(() -> modules.executeRepl("import d from './data.json'; d", "repl"))
                .hasMessageContaining("is a JSON module: import it with { type: 'json' }");
        try (var v = modules.executeRepl("import d from './data.json' with { type: 'json' }; d.a", "repl")) {
            assertThat(v.toString()).isEqualTo("1");
        }
        assertThatThrownBy(() -> modules.executeRepl("import d from './data.json' with { type: 'css' }; d", "repl"))
                .hasMessageContaining("Unsupported import attribute type \"css\"");
    }

    @Test
    void aHostReloadOfALoadedModuleIsACacheHitWithoutResolvingAgain() throws Exception {
        Files.writeString(dir.resolve("once.mjs"), "");
        loader.put(url("once.mjs"), "globalThis.runs = (globalThis.runs ?? 0) + 1; export const v = 1;");
        modules.load("./once.mjs", dir).close();
        Files.delete(dir.resolve("once.mjs"));
        assertThat(js(modules.load("./once.mjs", dir), "__ns.v + ' ' + runs")).as("no resolution, no second evaluation").isEqualTo("1 1");
        assertThatThrownBy(() -> modules.load("./once.mjs", dir.resolve("elsewhere")))
                .as("another base folder resolves again").isInstanceOf(ModuleException.class);
    }
}
