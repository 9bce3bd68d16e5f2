package dev.tocin.examples.v8;

import dev.tocin.v8.HeapLimitException;
import dev.tocin.v8.ScriptTimeoutException;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;

import java.io.PrintStream;
import java.time.Duration;

/** Per-runtime limits: runaway code is stopped with a clear exception and the runtime carries on. */
public final class LimitsExample {
    private LimitsExample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        try (var rt = new V8Runtime(V8Options.builder().timeout(Duration.ofMillis(250)).build())) {
            try {
                rt.executeCode("while (true) {}");
            } catch (ScriptTimeoutException e) {
                out.println("timeout: " + e.getMessage());
            }
            out.println("still usable: " + rt.evaluateExpression("'yes'").toJava());
        }
        try (var rt = new V8Runtime(V8Options.builder().maxHeapMb(64).build())) {
            try {
                rt.executeCode("(() => { const a = []; while (true) a.push(new Array(10000).fill(1.5)); })()");
            } catch (HeapLimitException e) {
                out.println("heap: runtime closed = " + e.runtimeClosed());
            }
            out.println("still usable: " + rt.evaluateExpression("'yes'").toJava());
        }
    }
}
