package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** executeCode, evaluateExpression, exportValue, registerFunction and error reports on one shared runtime. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class V8RuntimeTest {
    private static V8Runtime rt;

    @BeforeAll
    static void start() {
        rt = new V8Runtime();
        rt.initialize();
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    @Test
    void executeCodeReturnsTheLastExpressionAndKeepsDeclarations() {
        assertThat(rt.executeCode("const base = 40; function plus(x) { return base + x; } plus(2);"))
                .isEqualTo(FFIValue.of(42));
        assertThat(rt.executeCode("plus(base)")).isEqualTo(FFIValue.of(80));
        assertThat(rt.executeCode("let s = 'a'; s += 'b'; s")).isEqualTo(FFIValue.of("ab"));
        assertThat(rt.executeCode("var nothing;")).isEqualTo(FFIValue.UNDEFINED);
    }

    @Test
    void executeCodeAllowsTopLevelAwait() {
        assertThat(rt.executeCode("const later = await new Promise(r => setTimeout(() => r('done'), 5)); later"))
                .isEqualTo(FFIValue.of("done"));
        assertThat(rt.executeCode("later + '!'")).isEqualTo(FFIValue.of("done!"));
    }

    @Test
    void scriptsAreSloppyUnlessTheyOptIn() {
        assertThat(rt.executeCode("implicitGlobal = 5; implicitGlobal")).isEqualTo(FFIValue.of(5));
        assertThatThrownBy(() -> rt.executeCode("'use strict'; undeclaredInStrict = 1"))
                .isInstanceOf(JsException.class).hasMessageContaining("ReferenceError");
    }

    @Test
    void evaluateExpressionSeesGlobals() {
        rt.executeCode("var PI2 = Math.PI * 2;");
        assertThat(rt.evaluateExpression("PI2 / 2")).isEqualTo(FFIValue.of(Math.PI));
        // An expression, not a statement: the braces are an object literal, not a block.
        assertThat(rt.evaluateExpression("{ a: 1 }.a === undefined ? 0 : 1")).isEqualTo(FFIValue.of(1));
        assertThat(rt.evaluateExpression("({ a: 1, b: [true, null] })").toJSON()).isEqualTo("{\"a\":1,\"b\":[true,null]}");
    }

    @Test
    void exportValueDefinesGlobals() {
        rt.exportValue("myValue", FFIValue.of(42));
        assertThat(rt.evaluateExpression("myValue + 1")).isEqualTo(FFIValue.of(43));
        rt.exportValue("config.limits.max", FFIValue.of("x"));
        assertThat(rt.evaluateExpression("config.limits.max")).isEqualTo(FFIValue.of("x"));
        assertThatThrownBy(() -> rt.exportValue("myValue.inner", FFIValue.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'myValue' is not an object");
    }

    @Test
    void registeredJavaFunctionsAreCallableFromJs() {
        var seen = new CopyOnWriteArrayList<String>();
        rt.registerFunction("log", args -> {
            seen.add(args[0].toJava() + "/" + args.length);
            return null;
        });
        rt.registerFunction("java.add", args -> ((Long) args[0].toJava()) + ((Long) args[1].toJava()));
        assertThat(rt.executeCode("log('hi', 2); java.add(20, 22)")).isEqualTo(FFIValue.of(42));
        assertThat(seen).containsExactly("hi/2");
    }

    @Test
    void javaExceptionsBecomeJsErrorsWithTypeAndMessage() {
        rt.registerFunction("failing", args -> {
            throw new IllegalArgumentException("bad input: " + args[0].toJava());
        });
        var caught = rt.executeCode("""
                let report;
                try { failing(7); } catch (e) { report = [e instanceof Error, e.name, e.message]; }
                report""");
        assertThat(caught.toJSON()).isEqualTo("[true,\"IllegalArgumentException\",\"bad input: 7\"]");
        assertThatThrownBy(() -> rt.executeCode("failing('x')"))
                .isInstanceOf(JsException.class).hasMessageContaining("bad input: x");
    }

    @Test
    void syntaxErrorsNameLineAndColumnAndTheRuntimeStaysUsable() {
        var e = catchJs(() -> rt.executeCode("let ok = 1;\nlet broken = (;\n"));
        assertThat(e.name()).isEqualTo("SyntaxError");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(15);
        assertThat(e.getMessage()).contains(":2:15");
        assertThat(rt.hasError()).isTrue();
        assertThat(rt.evaluateExpression("1 + 1")).isEqualTo(FFIValue.of(2));
        assertThat(rt.hasError()).isFalse();
    }

    @Test
    void thrownErrorsCarryTheJsStack() {
        var e = catchJs(() -> rt.executeCode("""
                function inner() { throw new TypeError('nope'); }
                function outer() { inner(); }
                outer();"""));
        assertThat(e.name()).isEqualTo("TypeError");
        assertThat(e.jsMessage()).isEqualTo("nope");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.jsStack()).contains("at inner").contains("at outer");
        assertThat(e.getMessage()).contains("TypeError: nope").contains("at outer");
        assertThat(rt.executeCode("'still fine'")).isEqualTo(FFIValue.of("still fine"));
    }

    @Test
    void throwingANonErrorValueIsReported() {
        var e = catchJs(() -> rt.executeCode("throw 42"));
        assertThat(e.getMessage()).contains("42");
    }

    @Test
    void callsFromManyThreadsAllRunOnTheLoop() throws Exception {
        rt.executeCode("var counter = 0; function bump() { return ++counter; }");
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<CompletableFuture<FFIValue>>();
            for (int i = 0; i < 400; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> rt.evaluateExpression("bump()"), pool));
            }
            var values = new ArrayList<Long>();
            for (var f : futures) {
                values.add((Long) f.get(30, TimeUnit.SECONDS).toJava());
            }
            // Every increment happened once, none lost or duplicated: the isolate saw one caller at a time.
            assertThat(values).doesNotHaveDuplicates().hasSize(400);
            assertThat(rt.evaluateExpression("counter")).isEqualTo(FFIValue.of(400));
        }
    }

    @Test
    void functionValuesCanBeCalledFromJava() {
        var f = rt.evaluateExpression("(a, b) => a * b");
        assertThat(f).isInstanceOf(FFIValue.FunctionValue.class);
        assertThat(((FFIValue.FunctionValue) f).call(FFIValue.of(6), FFIValue.of(7))).isEqualTo(FFIValue.of(42));
        var async = (FFIValue.FunctionValue) rt.evaluateExpression("async (x) => { await null; return x + 1; }");
        assertThat(async.call(FFIValue.of(1))).isEqualTo(FFIValue.of(2));
        // Passed back to JS it is the same function, not a wrapper.
        rt.exportValue("sameF", f);
        assertThat(rt.evaluateExpression("sameF(2, 3)")).isEqualTo(FFIValue.of(6));
    }

    @Test
    void runtimesAreIndependent() {
        try (var other = new V8Runtime()) {
            other.executeCode("var onlyHere = 1;");
            assertThat(other.evaluateExpression("typeof onlyHere")).isEqualTo(FFIValue.of("number"));
            assertThat(rt.evaluateExpression("typeof onlyHere")).isEqualTo(FFIValue.of("undefined"));
        }
    }

    @Test
    void closedRuntimesRefuseCalls() {
        var other = new V8Runtime();
        other.initialize();
        other.close();
        assertThat(other.isClosed()).isTrue();
        assertThatThrownBy(() -> other.executeCode("1")).isInstanceOf(RuntimeClosedException.class);
        other.close(); // idempotent
    }

    private static JsException catchJs(Runnable r) {
        var caught = new AtomicReference<JsException>();
        try {
            r.run();
        } catch (JsException e) {
            caught.set(e);
        }
        assertThat(caught.get()).as("a JsException").isNotNull();
        return caught.get();
    }

    static List<String> lines(String s) {
        return List.of(s.split("\n"));
    }
}
