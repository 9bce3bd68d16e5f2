package dev.tocin.v8.module;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Resolution as a table over an in-memory file tree: specifier, referrer, expected URL or Node
 * error code. The referrer is always file:///app/src/main.mjs unless the case says otherwise.
 */
class ResolutionTableTest {
    private static final InMemoryFiles FILES = InMemoryFiles.of(
            "/app/package.json", """
                    {"name": "app", "type": "module", "imports": {"#util": "./src/util.mjs", "#lib/*": "./src/lib/*.mjs"}}
                    """,
            "/app/src/main.mjs", "",
            "/app/src/util.mjs", "",
            "/app/src/lib/a.mjs", "",
            "/app/src/lib/index.js", "",
            "/app/src/data.json", "{}",
            "/app/src/tools.ts", "",
            "/app/src/view.tsx", "",
            "/app/src/mod.mts", "",
            "/app/node_modules/exp/package.json", """
                    {"name": "exp", "exports": {".": {"import": "./esm/index.js", "require": "./cjs/index.cjs"},
                     "./feature": "./esm/feature.js", "./internal/*": null, "./sub/*": "./esm/sub/*.js"}}
                    """,
            "/app/node_modules/exp/esm/index.js", "",
            "/app/node_modules/exp/esm/feature.js", "",
            "/app/node_modules/exp/esm/sub/deep.js", "",
            "/app/node_modules/legacy/package.json", """
                    {"name": "legacy", "main": "lib/main.js", "module": "es/main.js"}
                    """,
            "/app/node_modules/legacy/es/main.js", "",
            "/app/node_modules/legacy/lib/main.js", "",
            "/app/node_modules/plain/index.js", "",
            "/app/node_modules/@scope/pkg/package.json", "{\"exports\": \"./main.mjs\"}",
            "/app/node_modules/@scope/pkg/main.mjs", "",
            "/app/node_modules/broken/package.json", "{ not json");

    static Stream<Arguments> cases() {
        return Stream.of(
                // relative and absolute
                arguments("./util.mjs", "file:///app/src/util.mjs"),
                arguments("../src/util.mjs", "file:///app/src/util.mjs"),
                arguments("/app/src/util.mjs", "file:///app/src/util.mjs"),
                arguments("file:///app/src/util.mjs", "file:///app/src/util.mjs"),
                arguments("./nope.mjs", "ERR_MODULE_NOT_FOUND"),
                // extension and index probing (documented differences from Node)
                arguments("./util", "file:///app/src/util.mjs"),
                arguments("./lib", "file:///app/src/lib/index.js"),
                // TypeScript as Deno: explicit, extensionless, and by the JavaScript twin
                arguments("./tools.ts", "file:///app/src/tools.ts"),
                arguments("./tools", "file:///app/src/tools.ts"),
                arguments("./tools.js", "file:///app/src/tools.ts"),
                arguments("./view.js", "file:///app/src/view.tsx"),
                arguments("./mod.mjs", "file:///app/src/mod.mts"),
                arguments("./data.json", "file:///app/src/data.json"),
                // package imports
                arguments("#util", "file:///app/src/util.mjs"),
                arguments("#lib/a", "file:///app/src/lib/a.mjs"),
                arguments("#missing", "ERR_PACKAGE_IMPORT_NOT_DEFINED"),
                // packages: exports with conditions, subpaths, patterns, null targets
                arguments("exp", "file:///app/node_modules/exp/esm/index.js"),
                arguments("exp/feature", "file:///app/node_modules/exp/esm/feature.js"),
                arguments("exp/sub/deep", "file:///app/node_modules/exp/esm/sub/deep.js"),
                arguments("exp/internal/x", "ERR_PACKAGE_PATH_NOT_EXPORTED"),
                arguments("exp/esm/index.js", "ERR_PACKAGE_PATH_NOT_EXPORTED"),
                arguments("@scope/pkg", "file:///app/node_modules/@scope/pkg/main.mjs"),
                // packages without exports: module before main, then index.js
                arguments("legacy", "file:///app/node_modules/legacy/es/main.js"),
                arguments("plain", "file:///app/node_modules/plain/index.js"),
                arguments("absent", "ERR_MODULE_NOT_FOUND"),
                arguments("broken", "ERR_INVALID_PACKAGE_CONFIG"),
                // URLs (data: and http need the allowData / allowRemote options)
                arguments("data:text/javascript,export default 1", "ERR_SANDBOX"),
                arguments("https://example.com/x.js", "ERR_SANDBOX"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void resolves(String specifier, String expected) throws ResolveError {
        var resolver = new Resolver(ModuleOptions.defaults(), FILES);
        if (expected.startsWith("ERR_")) {
            assertThatThrownBy(() -> resolver.resolve(specifier, "file:///app/src/main.mjs", null))
                    .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo(expected));
        } else {
            assertThat(resolver.resolve(specifier, "file:///app/src/main.mjs", null).url()).isEqualTo(expected);
        }
    }
}
