package dev.tocin.v8.module;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolverTest {
    private final Path pkg = Fixtures.dir("pkg");
    private final String main = Fixtures.url("pkg/main.mjs");

    private String resolve(Resolver r, String specifier) throws ResolveError {
        return r.resolve(specifier, main, pkg).url();
    }

    private String resolve(String specifier) throws ResolveError {
        return resolve(new Resolver(ModuleOptions.defaults()), specifier);
    }

    private String file(String relative) {
        return pkg.resolve(relative).toUri().toString();
    }

    @Test
    void relativeAbsoluteAndFileUrls() throws ResolveError {
        assertThat(resolve("./lib/config.mjs")).isEqualTo(file("lib/config.mjs"));
        assertThat(resolve("../pkg/lib/config.mjs")).isEqualTo(file("lib/config.mjs"));
        assertThat(resolve(pkg.resolve("lib/util.mjs").toString())).isEqualTo(file("lib/util.mjs"));
        assertThat(resolve(file("lib/util.mjs"))).isEqualTo(file("lib/util.mjs"));
    }

    @Test
    void extensionlessRelativeSpecifiersProbeMjsJsAndIndex() throws ResolveError {
        assertThat(resolve("./lib/config")).isEqualTo(file("lib/config.mjs"));
        assertThat(resolve("./node_modules/legacy-main/lib")).isEqualTo(file("node_modules/legacy-main/lib/index.js"));
        assertThatThrownBy(() -> resolve("./lib/config.js"))
                .isInstanceOf(ResolveError.class).hasMessageContaining("Module not found").hasMessageContaining("lib/config.js");
    }

    @Test
    void exportsStringConditionsSubpathsPatternsAndArrays() throws ResolveError {
        assertThat(resolve("exp-string")).isEqualTo(file("node_modules/exp-string/lib/main.mjs"));
        assertThat(resolve("exp-cond")).as("node and require never match; import precedes default")
                .isEqualTo(file("node_modules/exp-cond/import.mjs"));
        assertThat(resolve("exp-cond/feature")).isEqualTo(file("node_modules/exp-cond/feature.mjs"));
        assertThat(resolve("exp-cond/utils/strings")).isEqualTo(file("node_modules/exp-cond/src/utils/strings.mjs"));
        assertThat(resolve("exp-cond/utils/strings.mjs")).as("the longer pattern key wins")
                .isEqualTo(file("node_modules/exp-cond/src/utils/strings.mjs"));
        assertThat(resolve("exp-cond/array")).isEqualTo(file("node_modules/exp-cond/array.mjs"));
        assertThat(resolve("@scope/pkg/sub")).isEqualTo(file("node_modules/@scope/pkg/sub.mjs"));
    }

    @Test
    void userConditionsAreMatchedInThePackagesOrder() throws ResolveError {
        var r = new Resolver(ModuleOptions.defaults().withConditions("custom"));
        assertThat(resolve(r, "exp-cond/feature")).isEqualTo(file("node_modules/exp-cond/custom.mjs"));
        assertThat(resolve(r, "#cond")).isEqualTo(file("lib/custom.mjs"));
        assertThat(resolve("#cond")).isEqualTo(file("lib/config.mjs"));
        assertThatThrownBy(() -> ModuleOptions.defaults().withConditions("node"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node");
    }

    @Test
    void unexportedAndNullTargetsAreRefused() {
        assertThatThrownBy(() -> resolve("exp-cond/utils/private/secret"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_PACKAGE_PATH_NOT_EXPORTED"))
                .hasMessageContaining("./utils/private/secret").hasMessageContaining("exp-cond/package.json");
        assertThatThrownBy(() -> resolve("exp-cond/import.mjs"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_PACKAGE_PATH_NOT_EXPORTED"));
        assertThatThrownBy(() -> resolve("node-only"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_PACKAGE_PATH_NOT_EXPORTED"));
    }

    @Test
    void invalidTargetsAreRefused() {
        for (String s : List.of("bad-target", "bad-target/abs", "bad-target/nm")) {
            assertThatThrownBy(() -> resolve(s)).as(s)
                    .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_INVALID_PACKAGE_TARGET"));
        }
    }

    @Test
    void legacyMainModuleFieldAndNodeModulesWalkUp() throws ResolveError {
        assertThat(resolve("legacy-main")).isEqualTo(file("node_modules/legacy-main/lib/index.js"));
        assertThat(resolve("legacy-module")).as("module before main").isEqualTo(file("node_modules/legacy-module/esm.mjs"));
        var r = new Resolver(ModuleOptions.defaults());
        assertThat(r.resolve("exp-string", Fixtures.url("pkg/deep/er/file.mjs"), pkg).url())
                .isEqualTo(file("node_modules/exp-string/lib/main.mjs"));
        assertThat(r.resolve("exp-string", file("node_modules/nested-user/index.mjs"), pkg).url())
                .as("the nearest node_modules wins").isEqualTo(file("node_modules/nested-user/node_modules/exp-string/inner.mjs"));
        assertThatThrownBy(() -> resolve("no-such-package"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_MODULE_NOT_FOUND"))
                .hasMessageContaining("Cannot find package 'no-such-package'");
    }

    @Test
    void packageImportsAndSelfReference() throws ResolveError {
        assertThat(resolve("#config")).isEqualTo(file("lib/config.mjs"));
        assertThat(resolve("#lib/util")).isEqualTo(file("lib/util.mjs"));
        assertThat(resolve("#dep")).isEqualTo(file("node_modules/exp-string/lib/main.mjs"));
        assertThat(resolve("app/self")).isEqualTo(file("lib/self.mjs"));
        assertThatThrownBy(() -> resolve("#nope"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_PACKAGE_IMPORT_NOT_DEFINED"));
        assertThatThrownBy(() -> resolve("#/x"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_INVALID_MODULE_SPECIFIER"));
    }

    @Test
    void registeredNamesResolveFirst() throws ResolveError {
        var r = new Resolver(ModuleOptions.defaults());
        r.register("exp-string", file("lib/util.mjs"));
        assertThat(resolve(r, "exp-string")).isEqualTo(file("lib/util.mjs"));
    }

    @Test
    void formatsFollowTheExtension() throws ResolveError {
        var r = new Resolver(ModuleOptions.defaults());
        assertThat(r.resolve("exp-cond/data.json", main, pkg).format()).isEqualTo(Resolver.Format.JSON);
        assertThat(r.resolve("./main.mjs", main, pkg).format()).isEqualTo(Resolver.Format.JAVASCRIPT);
    }

    @Test
    void urlSchemesNeedPermission() throws ResolveError {
        assertThatThrownBy(() -> resolve("data:text/javascript,export default 1"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_SANDBOX"))
                .hasMessageContaining("withAllowData");
        assertThatThrownBy(() -> resolve("https://example.com/x.mjs"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_SANDBOX"));
        assertThatThrownBy(() -> resolve("node:fs"))
                .isInstanceOfSatisfying(ResolveError.class, e -> assertThat(e.code).isEqualTo("ERR_UNSUPPORTED_URL"));
        var open = new Resolver(ModuleOptions.defaults().withAllowData(true).withAllowRemote(true));
        assertThat(resolve(open, "data:text/javascript,export default 1")).startsWith("data:");
        assertThat(resolve(open, "https://example.com/a/../x.mjs")).isEqualTo("https://example.com/x.mjs");
    }

    @Test
    void sandboxRefusesEscapesAndSymlinksOut(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(app.resolve("main.mjs"), "");
        Files.writeString(outside.resolve("secret.mjs"), "");
        Files.createSymbolicLink(app.resolve("link.mjs"), outside.resolve("secret.mjs"));
        Files.writeString(app.resolve("inside.mjs"), "");
        Files.createSymbolicLink(app.resolve("alias.mjs"), app.resolve("inside.mjs"));
        var r = new Resolver(ModuleOptions.defaults().withRoots(app));
        String from = app.resolve("main.mjs").toUri().toString();
        assertThat(r.resolve("./alias.mjs", from, app).url()).as("symlinks resolve to the real file")
                .isEqualTo(app.toRealPath().resolve("inside.mjs").toUri().toString());
        var errors = new ArrayList<ResolveError>();
        for (String s : List.of("../outside/secret.mjs", "./link.mjs", outside.resolve("secret.mjs").toString())) {
            try {
                r.resolve(s, from, app);
            } catch (ResolveError e) {
                errors.add(e);
            }
        }
        assertThat(errors).hasSize(3).allSatisfy(e -> {
            assertThat(e.code).isEqualTo("ERR_SANDBOX");
            assertThat(e.getMessage()).contains("outside the module roots").contains("ModuleOptions.roots");
        });
        assertThat(errors.get(1).getMessage()).contains("symbolic link");
    }

    @Test
    void patternKeyOrderFollowsNode() {
        var keys = new ArrayList<>(List.of("./*", "./a/*", "./a/*.js", "./a/b", "./a/b/*"));
        keys.sort(Resolver.PATTERN_KEY_COMPARE);
        assertThat(keys).containsExactly("./a/b/*", "./a/*.js", "./a/*", "./a/b", "./*");
    }
}
