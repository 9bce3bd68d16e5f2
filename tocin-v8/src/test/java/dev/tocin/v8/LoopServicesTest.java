package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** setTimeout/setInterval/clear*, queueMicrotask, console and the idle check of one runtime. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopServicesTest {
    private static final List<String> CONSOLE = new CopyOnWriteArrayList<>();
    private static final List<RuntimeException> UNCAUGHT = new CopyOnWriteArrayList<>();
    private static V8Runtime rt;

    @BeforeAll
    static void start() {
        rt = new V8Runtime(V8Options.builder()
                .console((level, text) -> CONSOLE.add(level + " " + text))
                .onUncaughtError(UNCAUGHT::add)
                .build());
        rt.initialize();
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    @BeforeEach
    void reset() {
        assertThat(rt.runUntilIdle(Duration.ofSeconds(10))).as("previous test left work behind").isTrue();
        CONSOLE.clear();
        UNCAUGHT.clear();
    }

    @Test
    void timersFireInDueOrderThenCreationOrder() {
        // Created in order of due time, so the expected order holds however slowly the code runs.
        rt.executeCode("""
                var order = [];
                setTimeout(() => order.push('a0'), 0);
                setTimeout((x, y) => order.push('b0' + x + y), 0, '-', 1);
                setTimeout(() => { order.push('d10'); setTimeout(() => order.push('f-nested'), 0); }, 10);
                setTimeout(() => order.push('e10'), 10);
                setTimeout(() => order.push('c40'), 40);
                """);
        assertThat(rt.runUntilIdle(Duration.ofSeconds(10))).isTrue();
        var order = List.of(((String) rt.evaluateExpression("order.join(',')").toJava()).split(","));
        assertThat(order).hasSize(6).startsWith("a0", "b0-1", "d10");
        // The nested timer is created when d10 fires, so it can only come after it.
        assertThat(order).containsSubsequence("d10", "f-nested").containsSubsequence("d10", "e10", "c40");
    }

    @Test
    void clearTimeoutAndClearIntervalCancel() {
        rt.executeCode("""
                var ticks = 0, fired = false;
                const t = setTimeout(() => { fired = true; }, 5);
                clearTimeout(t);
                const iv = setInterval(() => { if (++ticks === 3) clearInterval(iv); }, 1);
                const byNumber = setTimeout(() => { fired = true; }, 5);
                clearTimeout(+byNumber);
                """);
        assertThat(rt.runUntilIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(rt.evaluateExpression("[ticks, fired]").toJSON()).isEqualTo("[3,false]");
    }

    @Test
    void unrefTimersDoNotKeepTheLoopBusy() {
        rt.executeCode("var unrefFired = false; globalThis.unrefTimer = setTimeout(() => { unrefFired = true; }, 60000).unref();");
        assertThat(rt.hasPendingWork()).isFalse();
        assertThat(rt.runUntilIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(rt.evaluateExpression("[unrefFired, unrefTimer.hasRef()]").toJSON()).isEqualTo("[false,false]");
        rt.executeCode("unrefTimer.ref()");
        assertThat(rt.hasPendingWork()).isTrue();
        rt.executeCode("clearTimeout(unrefTimer)");
        assertThat(rt.hasPendingWork()).isFalse();
    }

    @Test
    void runUntilIdleTimesOutWhileAnIntervalRuns() {
        rt.executeCode("globalThis.forever = setInterval(() => {}, 1);");
        assertThat(rt.runUntilIdle(Duration.ofMillis(50))).isFalse();
        rt.executeCode("clearInterval(forever)");
        assertThat(rt.runUntilIdle(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void microtasksRunBeforeTimersAndErrorsAreReported() {
        rt.executeCode("""
                var seen = [];
                setTimeout(() => seen.push('timeout'), 0);
                queueMicrotask(() => seen.push('micro1'));
                Promise.resolve().then(() => seen.push('promise'));
                queueMicrotask(() => { throw new RangeError('in microtask'); });
                queueMicrotask(() => seen.push('micro2'));
                seen.push('sync');
                """);
        assertThat(rt.runUntilIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(rt.evaluateExpression("seen.join(',')")).isEqualTo(FFIValue.of("sync,micro1,promise,micro2,timeout"));
        assertThat(UNCAUGHT).hasSize(1);
        assertThat(UNCAUGHT.getFirst()).isInstanceOf(JsException.class).hasMessageContaining("RangeError: in microtask");
    }

    @Test
    void timerCallbackErrorsGoToTheHandlerAndLaterTimersStillRun() {
        rt.executeCode("""
                var after = false;
                setTimeout(function explode() { throw new Error('timer boom'); }, 1);
                setTimeout(() => { after = true; }, 2);
                """);
        assertThat(rt.runUntilIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(UNCAUGHT).hasSize(1);
        var e = (JsException) UNCAUGHT.getFirst();
        assertThat(e.jsMessage()).isEqualTo("timer boom");
        assertThat(e.jsStack()).contains("explode");
        assertThat(rt.evaluateExpression("after")).isEqualTo(FFIValue.of(true));
    }

    @Test
    void badTimerArgumentsThrowTypeErrors() {
        assertThatThrownBy(() -> rt.executeCode("setTimeout('code string', 1)"))
                .isInstanceOf(JsException.class).hasMessageContaining("TypeError").hasMessageContaining("callback");
        assertThatThrownBy(() -> rt.executeCode("queueMicrotask(5)"))
                .isInstanceOf(JsException.class).hasMessageContaining("TypeError");
    }

    @Test
    void consoleWritesFormattedLinesPerLevel() {
        rt.executeCode("""
                console.log('hello', 42, { a: [1, 'x'], b: null }, [1, 2], undefined);
                console.info('%s is %d years', 'Ada', 36.5);
                console.warn('careful');
                console.error(new Error('bad').message);
                console.debug('dbg', 10n, Symbol('s'), function named() {});
                """);
        assertThat(CONSOLE).containsExactly(
                "LOG hello 42 { a: [ 1, 'x' ], b: null } [ 1, 2 ] undefined",
                "INFO Ada is 36.5 years",
                "WARN careful",
                "ERROR bad",
                "DEBUG dbg 10n Symbol(s) [Function: named]");
    }

    @Test
    void consoleHandlesCycles() {
        rt.executeCode("const cyc = { name: 'c' }; cyc.self = cyc; console.log(cyc);");
        assertThat(CONSOLE).containsExactly("LOG { name: 'c', self: [Circular *] }");
    }

    @Test
    void pendingTimersDoNotKeepAClosedRuntimeAlive() {
        var other = new V8Runtime(V8Options.builder().console((l, t) -> { }).build());
        other.executeCode("setTimeout(() => console.log('late'), 60000); setInterval(() => console.log('tick'), 1);");
        assertThat(other.hasPendingWork()).isTrue();
        other.close(); // returns although a referenced timer is 60 s away
        assertThat(other.isClosed()).isTrue();
        assertThat(other.hasPendingWork()).isFalse();
        assertThat(other.loop().isStopped()).isTrue();
        assertThatThrownBy(() -> other.executeCode("1")).isInstanceOf(RuntimeClosedException.class);
    }
}
