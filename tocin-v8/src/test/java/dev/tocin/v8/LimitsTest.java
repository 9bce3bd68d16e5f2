package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Execution timeout and heap limit: terminated code, a clear exception, and a runtime that survives (or closes cleanly). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LimitsTest {
    private static final String FILL_LOCAL =
            "(function fill() { const a = []; while (true) a.push(new Array(10000).fill(Math.random())); })()";
    private static final String FILL_GLOBAL =
            "globalThis.keep = []; while (true) keep.push(new Array(10000).fill(Math.random()));";

    @Test
    void endlessLoopsAreTerminatedAndTheRuntimeStaysUsable() {
        List<RuntimeException> uncaught = new CopyOnWriteArrayList<>();
        try (var rt = new V8Runtime(V8Options.builder().timeout(Duration.ofMillis(200)).onUncaughtError(uncaught::add).build())) {
            assertThatThrownBy(() -> rt.executeCode("let i = 0; while (true) { i++; }"))
                    .isInstanceOf(ScriptTimeoutException.class)
                    .hasMessageContaining("200 ms");
            assertThat(rt.executeCode("1 + 1")).isEqualTo(FFIValue.of(2));
            assertThatThrownBy(() -> rt.evaluateExpression("(() => { for (;;) {} })()"))
                    .isInstanceOf(ScriptTimeoutException.class);
            assertThat(rt.evaluateExpression("'after'")).isEqualTo(FFIValue.of("after"));

            // A timer callback that never returns is terminated too and reported as uncaught.
            rt.executeCode("var afterSpin = false; setTimeout(() => { while (true) {} }, 1); setTimeout(() => { afterSpin = true; }, 2);");
            assertThat(rt.runUntilIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(uncaught).hasSize(1).first().isInstanceOf(ScriptTimeoutException.class);
            assertThat(rt.evaluateExpression("afterSpin")).isEqualTo(FFIValue.of(true));
        }
    }

    @Test
    void waitingOnTheLoopIsNotRunningCode() {
        try (var rt = new V8Runtime(V8Options.builder().timeout(Duration.ofMillis(100)).build())) {
            // 300 ms of waiting for a timer inside one executeCode: only JS time counts.
            assertThat(rt.executeCode("await new Promise(r => setTimeout(r, 300)); 'waited'"))
                    .isEqualTo(FFIValue.of("waited"));
        }
    }

    @Test
    void heapOverflowOfGarbageIsTerminatedAndTheRuntimeSurvives() {
        try (var rt = new V8Runtime(V8Options.builder().maxHeapMb(64).build())) {
            var e = catchHeap(() -> rt.executeCode(FILL_LOCAL));
            assertThat(e.runtimeClosed()).isFalse();
            assertThat(e.limitBytes()).isEqualTo(64L << 20);
            assertThat(e.getMessage()).contains("64 MB").contains("still usable");
            assertThat(rt.isClosed()).isFalse();
            assertThat(rt.evaluateExpression("[1, 2, 3].length")).isEqualTo(FFIValue.of(3));
            // And again: the limit was restored, not left raised.
            var again = catchHeap(() -> rt.executeCode(FILL_LOCAL));
            assertThat(again.runtimeClosed()).isFalse();
            assertThat(rt.evaluateExpression("'alive'")).isEqualTo(FFIValue.of("alive"));
        }
    }

    @Test
    void heapOverflowThatStaysReachableClosesTheRuntimeNotTheJvm() {
        var rt = new V8Runtime(V8Options.builder().maxHeapMb(64).build());
        var e = catchHeap(() -> rt.executeCode(FILL_GLOBAL));
        assertThat(e.runtimeClosed()).isTrue();
        assertThat(e.usedBytes()).isGreaterThanOrEqualTo(e.limitBytes() * 4 / 5);
        assertThat(rt.isClosed()).isTrue();
        assertThatThrownBy(() -> rt.evaluateExpression("1")).isInstanceOf(RuntimeClosedException.class);
        rt.close();
        // The JVM and other runtimes carry on.
        try (var other = new V8Runtime()) {
            assertThat(other.evaluateExpression("6 * 7")).isEqualTo(FFIValue.of(42));
        }
    }

    private static HeapLimitException catchHeap(Runnable r) {
        try {
            r.run();
        } catch (HeapLimitException e) {
            return e;
        }
        throw new AssertionError("expected a HeapLimitException");
    }
}
