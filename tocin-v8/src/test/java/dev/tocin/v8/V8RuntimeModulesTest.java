package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.module.ModuleException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's module API on V8Runtime: loadESModule, importModule, executeCode with imports, callFunction, errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class V8RuntimeModulesTest {
    static final String MYMODULE = """
            export function greet(name) {
              return `Hello, ${name}!`;
            }
            export const PI = 3.14159;
            export class Calculator {
              add(a, b) { return a + b; }
              multiply(a, b) { return a * b; }
            }
            export async function later(x) {
              await new Promise((r) => setTimeout(r, 5));
              return x * 2;
            }
            export const notAFunction = 1;
            """;

    @TempDir
    static Path dir;
    private static V8Runtime rt;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(dir.resolve("mymodule.mjs"), MYMODULE);
        Files.writeString(dir.resolve("broken.mjs"), "export const ok = 1;\nexport const bad = ;\n");
        Files.writeString(dir.resolve("throws.mjs"), "export const x = 1;\nthrow new Error('evaluation failed');\n");
        rt = new V8Runtime();
        rt.initialize();
        assertThat(rt.loadESModule(dir.resolve("mymodule.mjs").toString(), "mymodule")).isTrue();
        assertThat(rt.hasError()).isFalse();
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    @Test
    void importModuleReturnsTheNamespace() {
        var ns = (FFIValue.ObjectValue) rt.importModule("mymodule");
        assertThat(ns.fields().keySet()).contains("greet", "PI", "Calculator");
        assertThat(ns.fields().get("PI")).isEqualTo(FFIValue.of(3.14159));
        assertThat(ns.fields().get("greet").type()).isEqualTo(FFIValue.Type.FUNCTION);
        var greet = (FFIValue.FunctionValue) ns.fields().get("greet");
        assertThat(greet.call(FFIValue.of("namespace"))).isEqualTo(FFIValue.of("Hello, namespace!"));
    }

    @Test
    void executeCodeWithAnImportReturnsTheLastExpression() {
        assertThat(rt.executeCode("import { greet } from 'mymodule'; greet('World');"))
                .isEqualTo(FFIValue.of("Hello, World!"));
        assertThat(rt.executeCode("import { Calculator } from 'mymodule'; const calc = new Calculator(); calc.add(2, 3) * calc.multiply(2, 2)"))
                .isEqualTo(FFIValue.of(20));
        assertThat(rt.evaluateExpression("typeof calc")).isEqualTo(FFIValue.of("object"));
    }

    @Test
    void callFunctionCallsAnExport() {
        assertThat(rt.callFunction("mymodule", "greet", FFIValue.of("Ada"))).isEqualTo(FFIValue.of("Hello, Ada!"));
        // An async export is awaited on the loop.
        assertThat(rt.callFunction("mymodule", "later", FFIValue.of(21))).isEqualTo(FFIValue.of(42));
    }

    @Test
    void callFunctionNamesWhatIsMissing() {
        assertThatThrownBy(() -> rt.callFunction("mymodule", "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no export named 'nope'").hasMessageContaining("greet");
        assertThatThrownBy(() -> rt.callFunction("mymodule", "notAFunction"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a function");
        assertThatThrownBy(() -> rt.callFunction("unknownModule", "greet"))
                .isInstanceOf(ModuleException.class).hasMessageContaining("unknownModule");
    }

    @Test
    void failedLoadsReturnFalseAndRecordTheError() {
        assertThat(rt.loadESModule(dir.resolve("missing.mjs").toString(), "missing")).isFalse();
        assertThat(rt.hasError()).isTrue();
        assertThat(rt.getLastError()).contains("missing.mjs");
        assertThat(rt.evaluateExpression("1")).isEqualTo(FFIValue.of(1));
        assertThat(rt.hasError()).isFalse();
    }

    @Test
    void syntaxErrorsInModulesNameFileLineAndColumn() {
        var e = (ModuleException) catchThrowable(() -> rt.loadModule(dir.resolve("broken.mjs").toString(), "broken"));
        assertThat(e.file()).contains("broken.mjs");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("broken.mjs:2:");
        assertThat(rt.callFunction("mymodule", "greet", FFIValue.of("after"))).isEqualTo(FFIValue.of("Hello, after!"));
    }

    @Test
    void aThrowDuringEvaluationIsAnError() {
        var e = catchThrowable(() -> rt.loadModule(dir.resolve("throws.mjs").toString(), "throws"));
        assertThat(e).hasMessageContaining("evaluation failed").hasMessageContaining("throws.mjs:2");
        assertThat(rt.loadESModule(dir.resolve("throws.mjs").toString(), "throws")).isFalse();
        assertThat(rt.getLastError()).contains("evaluation failed");
    }

    @Test
    void reloadPicksUpChangedFiles() throws IOException {
        Path counter = dir.resolve("counter.mjs");
        Files.writeString(counter, "export const version = 1; export function v() { return version; }\n");
        rt.loadModule(counter.toString(), "counter");
        assertThat(rt.callFunction("counter", "v")).isEqualTo(FFIValue.of(1));
        Files.writeString(counter, "export const version = 2; export function v() { return version * 10; }\n");
        rt.reloadModule("counter");
        assertThat(rt.callFunction("counter", "v")).isEqualTo(FFIValue.of(20));
    }

    /** callFunction reads the export at each call: a reassigned {@code export let} is what the next call runs. */
    @Test
    void callFunctionSeesAReassignedExportAndManyNamesDoNotBreakIt() throws IOException {
        Path live = dir.resolve("live.mjs");
        Files.writeString(live, "export let f = () => 'first'; export function swap() { f = () => 'second'; }\n");
        rt.loadModule(live.toString(), "live");
        assertThat(rt.callFunction("live", "f")).isEqualTo(FFIValue.of("first"));
        rt.callFunction("live", "swap");
        assertThat(rt.callFunction("live", "f")).isEqualTo(FFIValue.of("second"));
        for (int i = 0; i < 100; i++) {
            String name = "missing" + i;
            assertThatThrownBy(() -> rt.callFunction("live", name)).hasMessageContaining("no export named '" + name + "'");
        }
        assertThat(rt.callFunction("live", "f")).isEqualTo(FFIValue.of("second"));
        Files.writeString(live, "export let f = () => 'reloaded'; export function swap() {}\n");
        rt.reloadModule("live");
        assertThat(rt.callFunction("live", "f")).isEqualTo(FFIValue.of("reloaded"));
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an exception");
    }
}
