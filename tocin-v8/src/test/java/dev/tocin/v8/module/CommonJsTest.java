package dev.tocin.v8.module;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * CommonJS through a V8Runtime over the hand-written fixture tree modules/cjs (expected values
 * checked against Node 20, except require(esm), which is Node 22's).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommonJsTest {
    private static final Path DIR = Fixtures.dir("cjs");
    private static V8Runtime rt;
    private static int names;

    @BeforeAll
    static void start() {
        rt = new V8Runtime(V8Options.builder().allowRead(DIR).build());
        rt.initialize();
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    private static Map<String, FFIValue> load(String file) {
        return ((FFIValue.ObjectValue) rt.loadModule(DIR.resolve(file).toString(), "m" + names++)).fields();
    }

    private static Map<String, FFIValue> object(FFIValue v) {
        return ((FFIValue.ObjectValue) v).fields();
    }

    @Test
    void namedExportsOfExportsAssignments() {
        var ns = load("named.cjs");
        assertThat(ns.keySet()).containsExactlyInAnyOrder("default", "a", "b", "c");
        assertThat(ns.get("a")).isEqualTo(FFIValue.of(1));
        assertThat(ns.get("b")).isEqualTo(FFIValue.of("two"));
        assertThat(object(ns.get("default")).get("a")).isEqualTo(FFIValue.of(1));
    }

    @Test
    void objectLiteralExportsStopAtTheFirstUnknownProperty() {
        var ns = load("literal.js");
        assertThat(ns.keySet()).containsExactlyInAnyOrder("default", "x", "y");
        assertThat(object(ns.get("default")).get("notDetected")).isEqualTo(FFIValue.of(2));
    }

    @Test
    void reexportsAreFollowed() {
        assertThat(load("reexport.cjs").keySet()).containsExactlyInAnyOrder("default", "a", "b", "c");
    }

    @Test
    void importFromEsmMatchesNode() {
        var result = object(load("imports.mjs").get("result"));
        assertThat(result.get("kind")).isEqualTo(FFIValue.of("import"));
        assertThat(result.get("a")).isEqualTo(FFIValue.of(1));
        assertThat(result.get("namedDefault")).isEqualTo(FFIValue.of(1));
        assertThat(result.get("babelKeys")).isEqualTo(FFIValue.of(Stream.of("__esModule", "default", "named").map(FFIValue::of).toList()));
        assertThat(result.get("babelDefault")).isEqualTo(FFIValue.of("the default"));
        assertThat(result.get("greeting")).isEqualTo(FFIValue.of("hi ada"));
        assertThat(result.get("extra")).isEqualTo(FFIValue.of("extra"));
    }

    @Test
    void requireResolvesFilesJsonDirectoriesPackagesAndEsm() {
        var r = object(load("requires.cjs").get("default"));
        assertThat(r.get("esm")).isEqualTo(FFIValue.of(42));
        assertThat(r.get("json")).isEqualTo(FFIValue.of(42));
        assertThat(r.get("dir")).isEqualTo(FFIValue.of(true));
        assertThat(r.get("main")).isEqualTo(FFIValue.of("lib"));
        assertThat(r.get("dual")).isEqualTo(FFIValue.of("require"));
        assertThat(r.get("legacy")).isEqualTo(FFIValue.of("legacy-helper"));
        assertThat(r.get("typed")).isEqualTo(FFIValue.of("esm-by-type"));
        // package.json "browser" entries of false are empty modules, also for built-in names.
        assertThat(r.get("browserFalse")).isEqualTo(FFIValue.of(0));
        // import/export syntax makes an ES module even under "type": "commonjs".
        assertThat(r.get("esmInCjs")).isEqualTo(FFIValue.of("esm despite commonjs"));
        assertThat(r.get("browserMain")).isEqualTo(FFIValue.of("node"));
        assertThat(object(r.get("cycle"))).containsEntry("done", FFIValue.of(true)).containsEntry("sawB", FFIValue.of(true));
        assertThat(r.get("cycleB")).isEqualTo(FFIValue.of(false));
    }

    @Test
    void moduleScopeValuesAndTheHostsFirstCommonJsModuleIsMain() {
        try (var fresh = new V8Runtime(V8Options.builder().allowRead(DIR).build())) {
            var g = object(((FFIValue.ObjectValue) fresh.loadModule(DIR.resolve("globals.cjs").toString(), "g")).fields().get("default"));
            assertThat(g.get("filename")).isEqualTo(FFIValue.of(DIR.resolve("globals.cjs").toString()));
            assertThat(g.get("dirname")).isEqualTo(FFIValue.of(DIR.toString()));
            assertThat(g.get("same")).isEqualTo(FFIValue.of(true));
            assertThat(g.get("cached")).isEqualTo(FFIValue.of(true));
            assertThat(g.get("resolved")).isEqualTo(FFIValue.of(DIR.resolve("named.cjs").toString()));
            assertThat(g.get("id")).isEqualTo(FFIValue.of("."));
            assertThat(g.get("main")).isEqualTo(FFIValue.of(true));
            // A module required by main is not main and has its file name as id.
            assertThat(fresh.executeCode("import m from '" + DIR.resolve("requires-globals.cjs").toUri() + "'; m.id + ' ' + m.main"))
                    .isEqualTo(FFIValue.of(DIR.resolve("globals-copy.cjs") + " false"));
        }
    }

    @Test
    void jsWithEsmSyntaxAndNoTypeIsAnEsModule() {
        var ns = load("esm-syntax.js");
        assertThat(ns.keySet()).containsExactly("detected");
    }

    @Test
    void jsOutsideNodeModulesWithoutCommonJsUseStaysAnEsModule() {
        load("plain.js");
        assertThat(rt.evaluateExpression("globalThis.plainThis === undefined")).isEqualTo(FFIValue.of(true));
    }

    @Test
    void importCallInCommonJsResolvesAgainstItsFile() {
        assertThat(rt.executeCode("import p from '" + DIR.resolve("dynamic.cjs").toUri() + "'; await p")).isEqualTo(FFIValue.of(42));
    }

    @Test
    void requireOfEsmWithTopLevelAwaitIsRefused() {
        var e = catchThrowableOfType(ModuleException.class, () -> load("requires-tla.cjs"));
        assertThat(e.getMessage()).contains("tla.mjs").contains("top-level await");
    }

    @Test
    void missingModuleNamesTheRequireStack() {
        var e = catchThrowableOfType(ModuleException.class, () -> load("missing.cjs"));
        assertThat(e.getMessage()).contains("Cannot find module './does-not-exist'")
                .contains("Require stack:\n- " + DIR.resolve("missing-inner.cjs") + "\n- " + DIR.resolve("missing.cjs"));
    }

    @Test
    void errorsPointAtTheOriginalLine() {
        var e = catchThrowableOfType(ModuleException.class, () -> load("throws.cjs"));
        assertThat(e.detail()).contains("boom from commonjs");
        assertThat(e.file()).isEqualTo(DIR.resolve("throws.cjs").toUri().toString());
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(7);
    }

    @Test
    void aSyntaxErrorPointsAtTheFileLineAndColumn() {
        var e = catchThrowableOfType(ModuleException.class, () -> load("syntax.cjs"));
        assertThat(e.errorType()).isEqualTo("SyntaxError");
        assertThat(e.file()).isEqualTo(DIR.resolve("syntax.cjs").toUri().toString());
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(15);
    }

    @Test
    void nodeBuiltinsAreRefusedByName() {
        var e = catchThrowableOfType(ModuleException.class, () -> load("builtin.cjs"));
        assertThat(e.getMessage()).contains("Node built-in module \"fs\"").contains("Tocin runs no Node I/O built-ins");
        var fromEsm = catchThrowable(() -> rt.executeCode("import 'node:http'"));
        assertThat(fromEsm.getMessage()).contains("\"node:http\"").contains("fetch()");
    }

    @Test
    void theBrowserConditionMakesRequireUseTheBrowserField() {
        try (var browser = new V8Runtime(V8Options.builder().allowRead(DIR).conditions("browser").build())) {
            var ns = ((FFIValue.ObjectValue) browser.loadModule(DIR.resolve("requires-browser.cjs").toString(), "b")).fields();
            assertThat(ns.get("default")).isEqualTo(FFIValue.of("browser"));
        }
    }

    @Test
    void reloadRunsChangedCommonJsAgain(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("dep.cjs"), "exports.v = 1;\n");
        Files.writeString(tmp.resolve("main.cjs"), "exports.v = require('./dep.cjs').v;\n");
        try (var runtime = new V8Runtime(V8Options.builder().allowRead(tmp).build())) {
            runtime.loadModule(tmp.resolve("main.cjs").toString(), "main");
            Files.writeString(tmp.resolve("main.cjs"), "exports.v = require('./dep.cjs').v * 10;\n");
            runtime.reloadModule("main");
            assertThat(((FFIValue.ObjectValue) runtime.importModule("main")).fields().get("v")).isEqualTo(FFIValue.of(10));
        }
    }

    @Test
    void sandboxAndCodeCacheApplyToCommonJs(@TempDir Path tmp) throws IOException {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path cache = tmp.resolve("cache");
        Files.writeString(tmp.resolve("outside.cjs"), "exports.secret = 1;\n");
        Files.writeString(app.resolve("escape.cjs"), "module.exports = require('../outside.cjs');\n");
        Files.writeString(app.resolve("ok.cjs"), "exports.ok = 'cached';\n");
        for (int run = 0; run < 2; run++) {
            try (var runtime = new V8Runtime(V8Options.builder().allowRead(app).codeCache(cache).build())) {
                var ns = ((FFIValue.ObjectValue) runtime.loadModule(app.resolve("ok.cjs").toString(), "ok")).fields();
                assertThat(ns.get("ok")).isEqualTo(FFIValue.of("cached"));
                var e = catchThrowableOfType(ModuleException.class, () -> runtime.loadModule(app.resolve("escape.cjs").toString(), "escape"));
                assertThat(e.getMessage()).contains("outside the module roots").contains("outside.cjs");
            }
            try (var files = Files.list(cache)) {
                // The facade and the CommonJS body of ok.cjs and escape.cjs, each one file.
                assertThat(files.filter(f -> f.toString().endsWith(".v8cache")).count()).isEqualTo(4);
            }
        }
    }
}
