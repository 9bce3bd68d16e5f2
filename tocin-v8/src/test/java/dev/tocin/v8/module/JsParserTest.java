package dev.tocin.v8.module;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The swc-based rewrite keeps every line and column, whatever characters come before an edit. */
class JsParserTest {
    @Test
    void editsLandOnTheRightCharactersAfterNonBmpText() {
        String source = "const s = '日本😀𝒳';\nconst u = import.meta.url; import('x' + s);\nexport { u };";
        JsParser.Result r = JsParser.module(source);
        assertThat(r.code()).isEqualTo("const s = '日本😀𝒳';\nconst u = $tcMta     .url; $tcImp('x' + s);\nexport { u };");
        assertThat(r.code()).hasSameSizeAs(source);
    }

    @Test
    void staticImportsAreListedWithTheirTypeAndOneBasedPosition() {
        JsParser.Result r = JsParser.module("import a from './a.js';\n  export * from \"./b.json\" with { type: 'json' };\nimport source s from './c.js';");
        assertThat(r.imports()).extracting(JsParser.StaticImport::specifier, JsParser.StaticImport::type,
                        JsParser.StaticImport::line, JsParser.StaticImport::column, JsParser.StaticImport::sourcePhase)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("./a.js", null, 1, 15, false),
                        org.assertj.core.groups.Tuple.tuple("./b.json", "json", 2, 17, false),
                        org.assertj.core.groups.Tuple.tuple("./c.js", null, 3, 22, true));
    }

    @Test
    void theReplRewriteHoistsDeclarationsAroundTopLevelAwait() {
        JsParser.Result r = JsParser.repl("const { a, b: [c] } = await f();\nclass K {}\nfunction g() {}\na + c", true);
        assertThat(r.async()).isTrue();
        assertThat(r.code()).startsWith("var a, c, K, g; (async () => { globalThis[\"g\"] = g; ")
                .contains("(     { a, b: [c] } = await f());")
                .contains("class K {};globalThis[\"K\"] = K;")
                .endsWith("return (a + c)\n})()");
    }
}
