package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JS functions Java still holds when the runtime closes are released with it: Javet reports no
 * V8 object "not recycled" (what `tocin run` printed for every module exporting a function), and a
 * held handle then fails as a closed runtime does.
 */
class HandlesAtCloseTest {
    @Test
    void functionsJavaStillHoldsAreReleasedWithTheRuntime(@TempDir Path dir) throws Exception {
        Path module = dir.resolve("m.mjs");
        Files.writeString(module, "export function add(a, b) { return a + b; }\nexport const make = () => (x) => x * 2;\n");
        var warnings = new CopyOnWriteArrayList<String>();
        Logger javet = Logger.getLogger("com.caoccao.javet.interop.V8Runtime");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(String.valueOf(r.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        javet.addHandler(capture);
        try {
            FFIValue namespace;
            FFIValue made;
            try (var rt = new V8Runtime()) {
                namespace = rt.loadModule(module.toString(), "m");
                made = rt.callFunction("m", "make");
                assertThat(made).isInstanceOf(FFIValue.FunctionValue.class);
                assertThat(((FFIValue.FunctionValue) made).handle().call(FFIValue.of(21))).isEqualTo(FFIValue.of(42));
            }
            assertThat(List.copyOf(warnings)).noneMatch(w -> w.contains("not recycled"));
            assertThat(namespace).isNotNull(); // both handles were still reachable at the close
            assertThatThrownBy(() -> ((FFIValue.FunctionValue) made).handle().call(FFIValue.of(1)))
                    .isInstanceOf(RuntimeClosedException.class);
        } finally {
            javet.removeHandler(capture);
        }
    }
}
