package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader on a raw Javet isolate driven from the test thread (its only thread). */
class ModuleSystemTest {
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

    private String eval(String code) throws JavetException {
        return v8.getExecutor(code).executeString();
    }

    private String js(V8ValueObject ns, String expression) throws JavetException {
        try (ns) {
            v8.getGlobalObject().set("__ns", ns);
            return eval("String(" + expression + ")");
        }
    }

    private String repl(String code) throws JavetException {
        try (V8Value v = modules.executeRepl(code, "repl")) {
            return v.toString();
        }
    }

    @Test
    void seedExampleRegistersAModuleAndImportsItFromExecuteCode() throws JavetException {
        modules.register("mymodule", "./mymodule.mjs", Fixtures.dir("basic"));
        assertThat(js(modules.namespace("mymodule"), "__ns.greet('Ada') + ' ' + __ns.PI + ' ' + new __ns.Calculator().add(2, 3)"))
                .isEqualTo("Hello, Ada! 3.14159 5");
        assertThat(repl("import { greet } from 'mymodule'; greet('World');")).isEqualTo("Hello, World!");
        assertThat(repl("import * as m from 'mymodule';\nimport { Calculator as C } from 'mymodule';\nnew C().multiply(m.PI, 2)"))
                .isEqualTo("6.28318");
    }

    @Test
    void eachModuleEvaluatesOncePerRuntimeWhateverPathReachesIt(@TempDir Path tmp) throws Exception {
        Path basic = Fixtures.dir("basic");
        assertThat(js(modules.load("./main.mjs", basic), "__ns.viaNs + ' ' + __ns.helpers.quadruple(2) + ' ' + __ns.double(4)"))
                .isEqualTo("42 8 8");
        modules.load(basic.resolve("main.mjs").toString(), Path.of("/")).close();
        modules.load(basic.resolve("main.mjs").toUri().toString(), Path.of("/")).close();
        modules.load("./lib/math.mjs", basic).close();
        Files.createSymbolicLink(tmp.resolve("alias.mjs"), basic.resolve("lib/math.mjs"));
        modules.load("./alias.mjs", tmp).close();
        assertThat(eval("mainEvaluations + ' ' + mathEvaluations")).isEqualTo("1 1");
    }

    @Test
    void extensionlessSpecifiersProbeLikeDocumented() throws JavetException {
        assertThat(js(modules.load("./extensionless.mjs", Fixtures.dir("basic")), "__ns.value")).isEqualTo("8");
    }

    @Test
    void cyclesAndNamespaces() throws JavetException {
        assertThat(js(modules.load("./a.mjs", Fixtures.dir("cycle")), "__ns.seen + ' / ' + __ns.fromA()"))
                .isEqualTo("B sees a / A sees b");
    }

    @Test
    void topLevelAwaitIsAwaitedThroughTheLoop() throws JavetException {
        assertThat(js(modules.load("./main.mjs", Fixtures.dir("tla")), "__ns.value")).isEqualTo("42");
    }

    @Test
    void topLevelAwaitThatNothingCanSettleIsReportedNotWaitedForever() throws JavetException {
        assertThatThrownBy(() -> modules.load("./never.mjs", Fixtures.dir("tla")))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.phase()).isEqualTo(ModuleException.Phase.RUNTIME);
                    assertThat(e.detail()).contains("never settled");
                    assertThat(e.file()).endsWith("tla/never.mjs");
                });
        assertThat(eval("1 + 1")).isEqualTo("2");
    }

    @Test
    void packagesResolveThroughNodeModulesExportsImportsAndMain() throws JavetException {
        assertThat(js(modules.load("./main.mjs", Fixtures.dir("pkg")), "JSON.stringify(__ns.default)")).isEqualTo(
                "{\"name\":\"exp-string\",\"cond\":\"import\",\"feature\":\"feature\",\"strings\":\"utils/strings\","
                        + "\"array\":\"array\",\"legacyMain\":\"legacy-main\",\"legacyModule\":\"legacy-module esm\","
                        + "\"scoped\":\"@scope/pkg/sub\",\"nested\":\"nested exp-string\",\"config\":\"config\","
                        + "\"util\":\"util\",\"viaImports\":\"exp-string\",\"self\":\"self\"}");
    }

    @Test
    void jsonModulesNeedTheTypeAttribute() throws JavetException {
        Path json = Fixtures.dir("json");
        assertThat(js(modules.load("./main.mjs", json), "__ns.name + ' ' + __ns.sum")).isEqualTo("tocin 6");
        assertThatThrownBy(() -> modules.load("./no-attribute.mjs", json))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("TypeError");
                    assertThat(e.file()).endsWith("json/no-attribute.mjs");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(18);
                }).hasMessageContaining("with { type: 'json' }");
        assertThatThrownBy(() -> modules.load("./wrong-type.mjs", json)).hasMessageContaining("is not a JSON module");
        assertThatThrownBy(() -> modules.load("./bad-main.mjs", json))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("SyntaxError");
                    assertThat(e.file()).endsWith("json/bad.json");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(11);
                    assertThat(e.importChain()).singleElement().asString().endsWith("json/bad-main.mjs");
                });
    }

    @Test
    void importMetaAndDynamicImportFromModules() throws JavetException {
        Path meta = Fixtures.dir("meta");
        String url = meta.resolve("main.mjs").toUri().toString();
        try (V8ValueObject ns = modules.load("./main.mjs", meta)) {
            v8.getGlobalObject().set("m", ns);
        }
        assertThat(eval("m.url")).isEqualTo(url);
        assertThat(eval("m.filename")).isEqualTo(meta.resolve("main.mjs").toString());
        assertThat(eval("m.dirname")).isEqualTo(meta.toString());
        assertThat(eval("m.resolved")).isEqualTo(meta.resolve("dep.mjs").toUri().toString());
        assertThat(eval("String(m.protoIsNull)")).isEqualTo("true");
        eval("globalThis.out = []; m.lazy().then(ns => out.push(ns.dep)); m.lazy().then(ns => out.push(ns.dep));"
                + "m.lazyJson().then(ns => out.push(ns.default.name)); m.lazyMissing().catch(e => out.push(e.constructor.name + ': ' + e.message)); ''");
        eval("0");
        eval("out.sort(); ''");
        assertThat(eval("out.slice(1).join()")).isEqualTo("dep,dep,tocin");
        assertThat(eval("out[0]")).startsWith("Error: Module not found").contains("meta/nope.mjs").contains("main.mjs:8:41");
        assertThat(eval("String(depEvaluations)")).isEqualTo("1");
    }

    @Test
    void transformedModulesKeepOriginalErrorPositions() {
        Path meta = Fixtures.dir("meta");
        assertThatThrownBy(() -> modules.load("./positions.mjs", meta))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.phase()).isEqualTo(ModuleException.Phase.RUNTIME);
                    assertThat(e.errorType()).isEqualTo("TypeError");
                    assertThat(e.file()).endsWith("meta/positions.mjs");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(8);
                });
        assertThatThrownBy(() -> modules.load("./positions2.mjs", meta))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).as("same column as in the untransformed line").isEqualTo(100);
                });
    }

    @Test
    void dynamicImportFromScripts() throws JavetException {
        modules.setScriptBase(Fixtures.dir("meta"));
        v8.getExecutor(modules.transformScript("globalThis.got = null; import('./dep.mjs').then(ns => { got = ns.dep; });")).executeVoid();
        eval("0");
        assertThat(eval("got")).isEqualTo("dep");
        v8.getExecutor(modules.transformScript("import('./data.json', { with: { type: 'text' } }).then(ns => { got = ns.default; });"
                + "import('./data.json', { with: { type: 'css' } }).catch(e => { globalThis.bad = e.constructor.name; });")).executeVoid();
        eval("0");
        assertThat(eval("got")).as("Import Text: the file's text").isEqualTo("{ \"name\": \"tocin\" }\n");
        assertThat(eval("bad")).isEqualTo("TypeError");
        assertThat(modules.transformScript("var x = 1;")).isEqualTo("var x = 1;");
        assertThatThrownBy(() -> modules.transformScript("let f = () => {\n  new import('').prop;\n};"))
                .as("V8 14.7 accepts this; the parser does not")
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("SyntaxError");
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void syntaxErrorNamesFileLineColumnAndChain() throws JavetException {
        Path errors = Fixtures.dir("errors");
        assertThatThrownBy(() -> modules.load("./entry-syntax.mjs", errors))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("SyntaxError");
                    assertThat(e.phase()).isEqualTo(ModuleException.Phase.RESOLUTION);
                    assertThat(e.file()).endsWith("errors/syntax.mjs");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(8);
                    assertThat(e.importChain()).hasSize(2);
                    assertThat(e.importChain().get(0)).endsWith("errors/imports-syntax.mjs");
                    assertThat(e.importChain().get(1)).endsWith("errors/entry-syntax.mjs");
                    assertThat(e.getMessage()).contains("syntax.mjs:3:8").contains("imported from file:");
                });
        assertThatThrownBy(() -> modules.load("./syntax.mjs", errors))
                .isInstanceOfSatisfying(ModuleException.class, e -> assertThat(e.phase()).isEqualTo(ModuleException.Phase.PARSE));
        assertStillUsable();
    }

    @Test
    void missingExportNamesTheImportingStatement() throws JavetException {
        assertThatThrownBy(() -> modules.load("./missing-export.mjs", Fixtures.dir("errors")))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("SyntaxError");
                    assertThat(e.detail()).contains("does not provide an export named 'nope'");
                    assertThat(e.file()).endsWith("errors/missing-export.mjs");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(10);
                });
        assertStillUsable();
    }

    @Test
    void missingModuleNamesSpecifierReferrerPositionAndChain() throws JavetException {
        assertThatThrownBy(() -> modules.load("./entry-missing.mjs", Fixtures.dir("errors")))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.detail()).contains("Module not found").contains("does-not-exist.mjs").contains("ERR_MODULE_NOT_FOUND");
                    assertThat(e.file()).endsWith("errors/missing-module.mjs");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(24);
                    assertThat(e.importChain()).singleElement().asString().endsWith("errors/entry-missing.mjs");
                });
        assertThatThrownBy(() -> modules.load("./nowhere.mjs", Fixtures.dir("errors")))
                .isInstanceOf(ModuleException.class).hasMessageContaining("nowhere.mjs");
        assertStillUsable();
    }

    @Test
    void throwDuringEvaluationNamesTheThrowingLine() throws JavetException {
        assertThatThrownBy(() -> modules.load("./imports-throws.mjs", Fixtures.dir("errors")))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.phase()).isEqualTo(ModuleException.Phase.RUNTIME);
                    assertThat(e.errorType()).isEqualTo("RangeError");
                    assertThat(e.detail()).isEqualTo("boom at evaluation");
                    assertThat(e.file()).endsWith("errors/throws.mjs");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(9);
                    assertThat(e.importChain()).singleElement().asString().endsWith("errors/imports-throws.mjs");
                });
        assertThatThrownBy(() -> modules.load("./throws.mjs", Fixtures.dir("errors")))
                .as("an errored module stays errored").hasMessageContaining("boom at evaluation");
        assertStillUsable();
    }

    private void assertStillUsable() throws JavetException {
        assertThat(js(modules.load("./fine.mjs", Fixtures.dir("errors")), "__ns.fine")).isEqualTo("true");
        assertThat(eval("1 + 1")).isEqualTo("2");
    }

    @Test
    void sandboxRefusesImportsOutsideTheEntryFolder(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(tmp.resolve("secret.mjs"), "export const secret = 1;");
        Files.writeString(app.resolve("main.mjs"), "import { secret } from '../secret.mjs';\nexport default secret;");
        Files.writeString(app.resolve("data.mjs"), "import x from 'data:text/javascript,export default 1';\nexport default x;");
        assertThatThrownBy(() -> modules.load("./main.mjs", app))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.detail()).contains("outside the module roots").contains("secret.mjs").contains("ERR_SANDBOX");
                    assertThat(e.file()).endsWith("app/main.mjs");
                    assertThat(e.line()).isEqualTo(1);
                });
        assertThatThrownBy(() -> modules.load("./data.mjs", app)).hasMessageContaining("data: URLs are not allowed");
    }

    @Test
    void dataUrlsLoadWhenAllowed() throws JavetException {
        try (var open = new ModuleSystem(v8, ModuleOptions.defaults().withAllowData(true), ModuleSystem.Loop.microtasks(v8))) {
            assertThat(js(open.load("data:text/javascript,export default 6 * 7", Path.of(".")), "__ns.default")).isEqualTo("42");
        }
    }

    @Test
    void reloadReevaluatesChangedFilesAndTheirImporters(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("main.mjs"), "import { v } from './dep.mjs'; import { k } from './keep.mjs'; export const out = v + k;");
        Files.writeString(tmp.resolve("dep.mjs"), "export const v = 1;");
        Files.writeString(tmp.resolve("keep.mjs"), "globalThis.keepRuns = (globalThis.keepRuns ?? 0) + 1; export const k = 10;");
        modules.register("app", "./main.mjs", tmp);
        assertThat(js(modules.namespace("app"), "__ns.out")).isEqualTo("11");
        assertThat(modules.reload("app")).isFalse();
        Files.writeString(tmp.resolve("dep.mjs"), "export const v = 2;");
        assertThat(modules.reload("app")).isTrue();
        assertThat(js(modules.namespace("app"), "__ns.out")).isEqualTo("12");
        assertThat(eval("String(keepRuns)")).as("unchanged modules keep their state").isEqualTo("1");
        assertThat(repl("import { out } from 'app'; out")).isEqualTo("12");
    }

    @Test
    void replDeclarationsPersistAndTopLevelAwaitWorks() throws JavetException {
        modules.setScriptBase(Fixtures.dir("basic"));
        assertThat(repl("let a = 20; const b = 1;\na + b")).isEqualTo("21");
        assertThat(repl("let a = 40; a + b")).as("redeclaring in a later call is fine").isEqualTo("41");
        assertThat(repl("const { PI } = await import('./mymodule.mjs'); function twice(x) { return 2 * x; }\nclass K {}\ntwice(await Promise.resolve(a))"))
                .isEqualTo("80");
        assertThat(repl("PI + ' ' + twice(1) + ' ' + typeof K")).isEqualTo("3.14159 2 function");
        assertThat(repl("import { double } from './lib/math.mjs'; double(a)")).isEqualTo("80");
        assertThatThrownBy(() -> repl("import { x } from './nope.mjs'; x")).hasMessageContaining("nope.mjs");
        assertThatThrownBy(() -> modules.transformRepl("1;\nlet = = 1; import x from 'y'", "executeCode"))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("SyntaxError");
                    assertThat(e.file()).isEqualTo("executeCode");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).as("the second =, 1-based").isEqualTo(7);
                    assertThat(e.detail()).doesNotContain("(2:");
                });
        assertThatThrownBy(() -> repl("await Promise.reject(new TypeError('nope'))"))
                .isInstanceOfSatisfying(ModuleException.class, e -> assertThat(e.errorType()).isEqualTo("TypeError"));
    }

    @Test
    void rejectedDynamicImportOfAnErroredModuleRejectsAgainWithTheSameError() throws JavetException {
        modules.setScriptBase(Fixtures.dir("errors"));
        V8Value p1 = v8.getExecutor(modules.transformScript("globalThis.errs = []; import('./throws.mjs').catch(e => { errs.push(e); })")).execute();
        p1.close();
        v8.getExecutor(modules.transformScript("import('./throws.mjs').catch(e => { errs.push(e); })")).execute().close();
        eval("0");
        assertThat(eval("errs.length + ' ' + (errs[0] === errs[1]) + ' ' + errs[0].message")).isEqualTo("2 true boom at evaluation");
    }

    @Test
    void codeCacheIsKeyedByContentSoAnEditOfTheSameLengthIsNeverServedStale(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path cache = tmp.resolve("cache");
        Files.writeString(app.resolve("m.mjs"), "export const v = 'AAAA';");
        var options = ModuleOptions.defaults().withCodeCache(cache);
        for (String expected : new String[]{"AAAA", "AAAA", "BBBB"}) {
            if (expected.equals("BBBB")) {
                Files.writeString(app.resolve("m.mjs"), "export const v = 'BBBB';");
            }
            try (V8Runtime fresh = Fixtures.isolate();
                 var ms = new ModuleSystem(fresh, options, ModuleSystem.Loop.microtasks(fresh));
                 V8ValueObject ns = ms.load("./m.mjs", app)) {
                assertThat(ns.getString("v")).isEqualTo(expected);
            }
        }
        try (var files = Files.list(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".v8cache")).count()).isEqualTo(2);
        }
    }

    @Test
    void remoteModulesLoadOnlyWhenAllowed() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = switch (path) {
                case "/lib/main.mjs" -> "import { dep } from './dep.mjs'; export const value = dep + ' via ' + import.meta.url;";
                case "/lib/dep.mjs" -> "export const dep = 'remote dep';";
                default -> null;
            };
            byte[] bytes = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
            if (body != null) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/lib/main.mjs";
            assertThatThrownBy(() -> modules.load(url, Path.of("."))).hasMessageContaining("Remote modules are not allowed");
            try (var open = new ModuleSystem(v8, ModuleOptions.defaults().withAllowRemote(true), ModuleSystem.Loop.microtasks(v8))) {
                assertThat(js(open.load(url, Path.of(".")), "__ns.value")).isEqualTo("remote dep via " + url);
                String missing = "http://127.0.0.1:" + server.getAddress().getPort() + "/lib/missing.mjs";
                assertThatThrownBy(() -> open.load(missing, Path.of("."))).hasMessageContaining("HTTP 404").hasMessageContaining(missing);
            }
        } finally {
            server.stop(0);
        }
    }
}
