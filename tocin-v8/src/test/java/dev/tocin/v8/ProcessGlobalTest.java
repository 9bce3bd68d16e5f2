package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small process global: env, argv, cwd, nextTick, exit, global. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessGlobalTest {
    @Test
    void envIsEmptyUnlessTheHostFillsIt() {
        try (var rt = new V8Runtime()) {
            assertThat(rt.evaluateExpression("Object.keys(process.env).length")).isEqualTo(FFIValue.of(0));
            assertThat(rt.evaluateExpression("global === globalThis && typeof process.versions.node")).isEqualTo(FFIValue.of("undefined"));
        }
        try (var rt = new V8Runtime(V8Options.builder().env(Map.of("NODE_ENV", "test", "A", "1")).build())) {
            assertThat(rt.evaluateExpression("process.env.NODE_ENV + process.env.A")).isEqualTo(FFIValue.of("test1"));
        }
    }

    @Test
    void argvAndCwdFollowTheEntryModuleAndTocinArgs(@TempDir Path dir) throws IOException {
        Path main = dir.resolve("main.mjs");
        Files.writeString(main, "export const seen = process.argv.slice(1).join('|') + '@' + process.cwd();\n");
        try (var rt = new V8Runtime()) {
            rt.exportValue("tocin", FFIValue.of(Map.of("args", FFIValue.of(List.of(FFIValue.of("x"), FFIValue.of("y"))))));
            var ns = (FFIValue.ObjectValue) rt.loadModule(main.toString(), "main");
            assertThat(ns.fields().get("seen")).isEqualTo(FFIValue.of(main + "|x|y@" + dir));
            assertThat(rt.evaluateExpression("process.argv[0]")).isEqualTo(FFIValue.of("tocin"));
        }
    }

    @Test
    void nextTickRunsTheCallbackWithItsArguments() {
        try (var rt = new V8Runtime()) {
            rt.executeCode("globalThis.ticks = []; process.nextTick((a, b) => ticks.push(a + b), 1, 2); ticks.push('sync');");
            rt.runUntilIdle(Duration.ofSeconds(30));
            assertThat(rt.evaluateExpression("ticks.join(',')")).isEqualTo(FFIValue.of("sync,3"));
        }
    }

    @Test
    void exitThrowsUnlessTheHostEnablesIt() {
        try (var rt = new V8Runtime()) {
            assertThatThrownBy(() -> rt.executeCode("process.exit(3)")).hasMessageContaining("V8Options.onExit");
        }
        var code = new CompletableFuture<Integer>();
        try (var rt = new V8Runtime(V8Options.builder().onExit(code::complete).build())) {
            try {
                rt.executeCode("globalThis.after = false; process.exitCode = 4; process.exit(); globalThis.after = true;");
            } catch (RuntimeException terminated) {
                // the running code is terminated: how that surfaces is the runtime's business
            }
            assertThat(code.getNow(-1)).isEqualTo(4);
            assertThat(rt.evaluateExpression("globalThis.after")).isEqualTo(FFIValue.of(false));
        }
    }
}
