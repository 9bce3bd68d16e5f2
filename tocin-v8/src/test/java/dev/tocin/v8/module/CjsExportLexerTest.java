package dev.tocin.v8.module;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The export detection table: what Node's cjs-module-lexer finds in each shape, and what it must not. */
class CjsExportLexerTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                row("exports.a = 1; exports['b'] = 2; module.exports.c = 3;", "a,b,c", "", false),
                row("exports.a == 1; exports.b === 2; exports.c => 3;", "", "", false),
                row("foo.exports.a = 1; module.exports.b = 2", "b", "", false),
                row("module.exports = { a, b: c, 'd': e, f }", "a,b,d,f", "", false),
                row("module.exports = { a, b: require('x'), c: 1 }", "a,b", "", false),
                row("module.exports = { a, g() {}, h }", "a", "", false),
                row("module.exports = { ...require('./base'), own }", "own", "./base", false),
                row("module.exports = require('./first'); module.exports = require('./second');", "", "./second", false),
                row("Object.defineProperty(exports, '__esModule', { value: true });", "__esModule", "", false),
                row("Object.defineProperty(exports, 'a', { enumerable: true, get: function () { return m.a; } });", "a", "", false),
                row("Object.defineProperty(exports, 'b', { enumerable: true, get() { return m['b'] } });", "b", "", false),
                row("Object.defineProperty(module.exports, 'c', { get: () => lib.c });", "c", "", false),
                row("Object.defineProperty(exports, 'd', { get: function () { sideEffect(); return 1; } });", "", "", false),
                row("exports.__esModule = true; exports.default = f; exports.named = g;", "__esModule,default,named", "", false),
                row("\"use strict\";\nexports.a = exports.b = void 0;\nexports.a = 1;", "a,b", "", false),
                row("__exportStar(require(\"./a\"), exports); tslib_1.__exportStar(require(\"./b\"), exports); __export(require('./c'));",
                        "", "./a,./b,./c", false),
                row("var _x = require(\"./x\");\nObject.keys(_x).forEach(function (key) {\n  if (key === \"default\" || key === \"__esModule\") return;\n"
                        + "  Object.defineProperty(exports, key, { enumerable: true, get: function () { return _x[key]; } });\n});", "", "./x", false),
                row("var _y = _interopRequireWildcard(require('y'));\nObject.keys(_y).forEach(function (key) { exports[key] = _y[key]; });",
                        "", "y", false),
                row("var _z = require('z'); Object.keys(_z).forEach(function (key) { console.log(key); });", "", "", false),
                row("0 && (module.exports = { a, b });", "a,b", "", false),
                row("// exports.a = 1\n/* exports.b = 2 */ var s = 'exports.c = 3'; var t = `exports.d = ${exports.e = 1}`;", "e", "", false),
                row("var re = /exports.a = 1/; var d = x / 2; exports.f = 1;", "f", "", false),
                row("if (x) /exports.a =/.test(s); exports.g = 1;", "g", "", false),
                row("exports['\\u0061b'] = 1; exports[\"with space\"] = 2;", "ab,with space", "", false),
                row("function f() { exports.inner = 1 } f();", "inner", "", false),
                row("import x from 'y'; exports.a = 1;", "a", "", true),
                row("export const a = 1;", "", "", true),
                row("console.log(import.meta.url)", "", "", true),
                row("import('./dyn.js').then(m => m); module.exports = {}", "", "", false),
                row("#!/usr/bin/env node\nexports.cli = true;", "cli", "", false));
    }

    private static Arguments row(String source, String exports, String reexports, boolean esm) {
        return Arguments.of(source, exports, reexports, esm);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void detects(String source, String exports, String reexports, boolean esm) {
        var r = CjsExportLexer.lex(source);
        assertEquals(split(exports), List.copyOf(r.exports()), "exports of: " + source);
        assertEquals(split(reexports), r.reexports(), "re-exports of: " + source);
        assertEquals(esm, r.esmSyntax(), "ES module syntax in: " + source);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "const x = require('x');|true",
            "module.exports = 1|true",
            "exports.a = 1|true",
            "console.log(__dirname)|true",
            "const module = await import('./m.js'); module.run();|false",
            "obj.require('x'); obj.exports.a = 1;|false",
            "globalThis.plain = this;|false"})
    void commonJsSyntax(String source, boolean expected) {
        assertEquals(expected, CjsExportLexer.lex(source).commonJsSyntax(), source);
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(","));
    }
}
