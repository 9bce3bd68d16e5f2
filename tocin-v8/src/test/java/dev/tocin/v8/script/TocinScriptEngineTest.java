package dev.tocin.v8.script;

import dev.tocin.v8.JsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.script.Compilable;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import javax.script.SimpleBindings;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The javax.script basics, always through ScriptEngineManager as an application would use them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TocinScriptEngineTest {
    private final ScriptEngineManager manager = new ScriptEngineManager();
    private ScriptEngine engine;

    @BeforeEach
    void start() {
        engine = manager.getEngineByName("tocin");
        assertThat(engine).isInstanceOf(TocinScriptEngine.class);
    }

    @AfterEach
    void stop() {
        ((TocinScriptEngine) engine).close();
    }

    public interface Greeter {
        String greet(String name);

        int twice(int n);
    }

    @Test
    void theEngineIsFoundByNameExtensionAndMimeType() {
        for (var name : List.of("tocin", "v8", "javascript", "js")) {
            var e = manager.getEngineByName(name);
            assertThat(e).as(name).isNotNull();
            assertThat(e.getFactory()).as(name).isInstanceOf(TocinScriptEngineFactory.class);
        }
        assertThat(manager.getEngineByExtension("mjs").getFactory()).isInstanceOf(TocinScriptEngineFactory.class);
        assertThat(manager.getEngineByExtension("js").getFactory()).isInstanceOf(TocinScriptEngineFactory.class);
        assertThat(manager.getEngineByMimeType("text/javascript").getFactory()).isInstanceOf(TocinScriptEngineFactory.class);
        var factory = engine.getFactory();
        assertThat(factory.getParameter(ScriptEngine.NAME)).isEqualTo("tocin");
        assertThat(factory.getLanguageName()).isEqualTo("ECMAScript");
        assertThat(factory.getMethodCallSyntax("obj", "f", "a", "b")).isEqualTo("obj.f(a, b)");
        assertThat(factory.getProgram("a = 1", "a + 1")).isEqualTo("a = 1;\na + 1;");
    }

    @Test
    void evalReturnsTheLastExpressionFromStringsAndReaders() throws Exception {
        assertThat(engine.eval("1 + 2")).isEqualTo(3L);
        assertThat(engine.eval(new StringReader("const words = ['a', 'b'];\nwords.join('-')"))).isEqualTo("a-b");
        assertThat(engine.eval("({ n: 1.5, list: [true, null] })"))
                .isEqualTo(Map.of("n", 1.5, "list", java.util.Arrays.asList(true, null)));
        assertThat(engine.eval("await Promise.resolve('awaited')")).isEqualTo("awaited");
        var output = engine.getFactory().getOutputStatement("say \"hi\"");
        assertThat(engine.eval(output)).isNull();
    }

    @Test
    void bindingsAreTheGlobals() throws Exception {
        engine.put("limit", 10);
        engine.put("names", List.of("ada", "alan"));
        assertThat(engine.eval("limit * names.length")).isEqualTo(20L);
        engine.eval("var total = limit + 1; function helper() { return 'h'; }");
        assertThat(engine.get("total")).isEqualTo(11L);
        assertThat(engine.getBindings(ScriptContext.ENGINE_SCOPE).keySet()).contains("limit", "names", "total", "helper")
                .doesNotContain("Object", "setTimeout", "console");
        var scope = engine.getBindings(ScriptContext.ENGINE_SCOPE);
        assertThat(scope.remove("limit")).isEqualTo(10L);
        assertThat(engine.eval("typeof limit")).isEqualTo("undefined");
        assertThatThrownBy(() -> scope.remove("total")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'total'");

        // a Bindings of the caller's own: copied in, and what the script changed copied back
        var mine = new SimpleBindings();
        mine.put("x", 2);
        assertThat(engine.eval("x = x * 21; x", mine)).isEqualTo(42L);
        assertThat(mine.get("x")).isEqualTo(42L);
        engine.eval("var tag = Symbol('no Java form'); var after = 'kept'");
        assertThat(engine.getBindings(ScriptContext.ENGINE_SCOPE).keySet()).contains("after").doesNotContain("tag");

        // the manager's GLOBAL_SCOPE is visible too
        manager.put("shared", "from manager");
        var fresh = manager.getEngineByName("v8");
        try {
            assertThat(fresh.eval("shared")).isEqualTo("from manager");
        } finally {
            ((TocinScriptEngine) fresh).close();
        }
    }

    @Test
    void invocableCallsFunctionsMethodsAndImplementsInterfaces() throws Exception {
        engine.eval("""
                function greet(name) { return 'Hello, ' + name + '!'; }
                function twice(n) { return n * 2; }
                var counter = { step: 5, next(n) { return n + this.step; } };
                """);
        var inv = (Invocable) engine;
        assertThat(inv.invokeFunction("greet", "Ada")).isEqualTo("Hello, Ada!");
        assertThat(inv.invokeMethod(engine.get("counter"), "next", 10)).isEqualTo(15L);
        assertThatThrownBy(() -> inv.invokeFunction("missing")).isInstanceOf(NoSuchMethodException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> inv.invokeMethod(engine.get("counter"), "nope")).isInstanceOf(NoSuchMethodException.class);

        var greeter = inv.getInterface(Greeter.class);
        assertThat(greeter.greet("Alan")).isEqualTo("Hello, Alan!");
        assertThat(greeter.twice(21)).isEqualTo(42);
        assertThat(inv.getInterface(Runnable.class)).as("no global run function").isNull();

        engine.eval("function fails() { throw new TypeError('bad input'); }");
        var e = catchThrowableOfType(ScriptException.class, () -> inv.invokeFunction("fails"));
        assertThat(e.getMessage()).contains("TypeError: bad input");
        assertThat(e.getCause()).isInstanceOf(JsException.class);
    }

    @Test
    void compiledScriptsRunAgainstTheirContext() throws Exception {
        var compiled = ((Compilable) engine).compile("n * n");
        assertThat(compiled.getEngine()).isSameAs(engine);
        engine.put("n", 3);
        assertThat(compiled.eval()).isEqualTo(9L);
        var bindings = new SimpleBindings(new java.util.HashMap<>(Map.of("n", 7)));
        assertThat(compiled.eval(bindings)).isEqualTo(49L);
        assertThat(((Compilable) engine).compile(new StringReader("n + 1")).eval()).isEqualTo(8L);
    }

    @Test
    void scriptErrorsCarryFileLineAndColumn() {
        engine.put(ScriptEngine.FILENAME, "rules.js");
        var thrown = catchThrowableOfType(ScriptException.class, () -> engine.eval("let a = 1;\nlet b = 2;\n  a.b.c();"));
        assertThat(thrown.getFileName()).isEqualTo("rules.js");
        assertThat(thrown.getLineNumber()).isEqualTo(3);
        assertThat(thrown.getColumnNumber()).isEqualTo(7);
        assertThat(thrown.getMessage()).contains("TypeError").contains("rules.js").contains("line number 3");

        var syntax = catchThrowableOfType(ScriptException.class, () -> engine.eval("let ok = 1;\nlet = = 2;"));
        assertThat(syntax.getMessage()).contains("SyntaxError");
        assertThat(syntax.getLineNumber()).isEqualTo(2);
        assertThat(syntax.getColumnNumber()).isPositive();
    }
}
