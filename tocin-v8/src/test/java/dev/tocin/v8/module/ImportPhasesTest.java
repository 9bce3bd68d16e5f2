package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.reference.V8ValueObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** import defer (evaluation on first property access) and source-phase imports (a SyntaxError for JavaScript modules). */
class ImportPhasesTest {
    @TempDir
    Path dir;
    private V8Runtime v8;
    private ModuleSystem modules;

    @BeforeEach
    void start() throws JavetException {
        v8 = Fixtures.isolate();
        modules = new ModuleSystem(v8, ModuleOptions.defaults(), ModuleSystem.Loop.microtasks(v8));
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

    @Test
    void aDeferredModuleEvaluatesOnFirstPropertyAccess() throws Exception {
        Files.writeString(dir.resolve("lazy.mjs"), "globalThis.order.push('lazy'); export const v = 42;");
        Files.writeString(dir.resolve("later.mjs"), "globalThis.order.push('later'); export const w = 7;");
        Files.writeString(dir.resolve("main.mjs"), """
                globalThis.order ??= [];
                import defer * as lazy from './lazy.mjs';
                order.push('main');
                export const before = order.join(',');
                export const value = lazy.v;
                export const after = order.join(',');
                const later = await import.defer('./later.mjs');
                order.push('got later');
                export const dynamic = later.w + ' ' + order.join(',');
                """);
        v8.getExecutor("globalThis.order = []").executeVoid();
        assertThat(js(modules.load("./main.mjs", dir), "[__ns.before, __ns.value, __ns.after, __ns.dynamic].join(' | ')"))
                .isEqualTo("main | 42 | main,lazy | 7 main,lazy,got later,later");
    }

    @Test
    void aSourcePhaseImportOfAJavaScriptModuleIsASyntaxErrorAndNeverLinks() throws Exception {
        Files.writeString(dir.resolve("dep.mjs"), "export const x = 1;");
        Files.writeString(dir.resolve("main.mjs"), "// a source-phase import\nimport source src from './dep.mjs';\nexport default src;\n");
        assertThatThrownBy(() -> modules.load("./main.mjs", dir)).isInstanceOfSatisfying(ModuleException.class, e -> {
            assertThat(e.errorType()).isEqualTo("SyntaxError");
            assertThat(e.detail()).contains("dep.mjs").contains("no source phase");
            assertThat(e.file()).endsWith("main.mjs");
            assertThat(e.line()).isEqualTo(2);
        });
        Files.writeString(dir.resolve("missing.mjs"), "import source src from './nowhere.mjs';\n");
        assertThatThrownBy(() -> modules.load("./missing.mjs", dir)).isInstanceOfSatisfying(ModuleException.class, e -> {
            assertThat(e.errorType()).as("a resolution failure comes first").isNotEqualTo("SyntaxError");
            assertThat(e.detail()).contains("nowhere.mjs");
        });
        for (String phase : new String[]{"source", "defer"}) {
            assertThatThrownBy(() -> modules.transformScript("let f = () => {\n  new import." + phase + "('x').prop;\n};"))
                    .as("V8 accepts new import.%s(...); the grammar does not", phase)
                    .isInstanceOfSatisfying(ModuleException.class, e -> assertThat(e.errorType()).isEqualTo("SyntaxError"));
        }
        Files.writeString(dir.resolve("dynamic.mjs"), "export const r = await import.source('./dep.mjs').then(() => 'loaded', e => e.name);");
        assertThat(js(modules.load("./dynamic.mjs", dir), "__ns.r")).isEqualTo("SyntaxError");
    }
}
