package dev.tocin.v8.module;

import dev.tocin.v8.module.CjsTokens.Kind;
import dev.tocin.v8.module.CjsTokens.Token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named exports of a CommonJS module found without running it, by the rules of Node's
 * <a href="https://github.com/nodejs/cjs-module-lexer">cjs-module-lexer</a> (a Java rewrite of
 * its detection rules, not its code), so {@code import { a } from './lib.cjs'} works as in Node:
 * <ul>
 * <li>{@code exports.a = }, {@code exports['a'] = }, {@code module.exports.a = };</li>
 * <li>{@code module.exports = { a, b: c, 'd': e, ...require('x') }} (up to the first property
 * it does not understand, as cjs-module-lexer);</li>
 * <li>{@code Object.defineProperty(exports, 'a', { value: ... })} and getters returning an
 * identifier or member expression (TypeScript's re-export getters); other getters are not
 * exports (they could have side effects);</li>
 * <li>re-exports: {@code module.exports = require('x')} (the last one), {@code ...require('x')}
 * in an exports literal, TypeScript's {@code __exportStar(require('x'), exports)} and
 * {@code __export(require('x'))}, Babel's {@code Object.keys(_x).forEach(function (key) { ...
 * exports[key] = _x[key] ... })} with {@code var _x = require('x')} (optionally through
 * {@code _interopRequireWildcard});</li>
 * <li>{@code import}/{@code export} declarations and {@code import.meta} at the top level mark
 * the source as ES module syntax (the lexer's "unexpected import/export" errors).</li>
 * </ul>
 */
final class CjsExportLexer {
    /**
     * Exports in source order, re-export specifiers, whether ES module syntax was seen, and
     * whether CommonJS was ({@code require(}, {@code module.exports}, {@code exports.x},
     * {@code exports[...]}, {@code exports =}, {@code __filename}, {@code __dirname}).
     */
    record Result(Set<String> exports, List<String> reexports, boolean esmSyntax, boolean commonJsSyntax) {
    }

    private final List<Token> t;
    private final Set<String> exports = new LinkedHashSet<>();
    private final List<String> reexports = new ArrayList<>();
    private final Map<String, String> requireBindings = new HashMap<>();
    private String lastModuleExportsRequire;
    private boolean esm;
    private boolean cjs;

    private CjsExportLexer(List<Token> tokens) {
        this.t = tokens;
    }

    static Result lex(String source) {
        var lexer = new CjsExportLexer(CjsTokens.of(source));
        lexer.run();
        var re = new ArrayList<>(lexer.reexports);
        if (lexer.lastModuleExportsRequire != null) {
            re.add(lexer.lastModuleExportsRequire);
        }
        return new Result(lexer.exports, List.copyOf(re), lexer.esm, lexer.cjs);
    }

    private void run() {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() != Kind.IDENT) {
                continue;
            }
            if (afterDot(i)) {
                // tslib_1.__exportStar(require('x'), exports) is TypeScript's re-export through tslib.
                if (tok.text().equals("__exportStar")) {
                    exportStar(i + 1);
                }
                continue;
            }
            switch (tok.text()) {
                case "exports" -> {
                    cjs |= is(i + 1, ".") || is(i + 1, "[") || is(i + 1, "=");
                    exportsMember(i + 1);
                }
                case "module" -> {
                    if (is(i + 1, ".") && is(i + 2, "exports")) {
                        cjs = true;
                        moduleExports(i + 3);
                    }
                }
                case "require" -> cjs |= is(i + 1, "(");
                case "__filename", "__dirname" -> cjs = true;
                case "Object" -> objectCall(i + 1);
                case "__exportStar", "__export" -> exportStar(i + 1);
                case "var", "let", "const" -> requireBinding(i + 1);
                case "import" -> {
                    if (is(i + 1, ".") && is(i + 2, "meta")) {
                        esm = true;
                    } else if (tok.depth() == 0 && !is(i + 1, "(") && !is(i + 1, ".")) {
                        esm = true;
                    }
                }
                case "export" -> {
                    if (tok.depth() == 0 && i + 1 < t.size()
                            && (t.get(i + 1).kind() == Kind.IDENT || is(i + 1, "{") || is(i + 1, "*"))) {
                        esm = true;
                    }
                }
                default -> {
                }
            }
        }
    }

    // ---- patterns ----

    /** After {@code exports}: {@code .name =} or {@code ['name'] =}. */
    private void exportsMember(int i) {
        String name = memberName(i);
        if (name != null && is(i + (is(i, ".") ? 2 : 3), "=")) {
            exports.add(name);
        }
    }

    /** {@code .name} or {@code ['name']} at {@code i}, or null. */
    private String memberName(int i) {
        if (is(i, ".") && ident(i + 1)) {
            return t.get(i + 1).text();
        }
        if (is(i, "[") && string(i + 1) && is(i + 2, "]")) {
            return t.get(i + 1).text();
        }
        return null;
    }

    /** After {@code module.exports}. */
    private void moduleExports(int i) {
        if (is(i, "=")) {
            if (is(i + 1, "{")) {
                literal(i + 2);
            } else {
                String spec = requireCall(i + 1);
                if (spec != null) {
                    lastModuleExportsRequire = spec;
                }
            }
            return;
        }
        exportsMember(i);
    }

    /** The properties of {@code module.exports = { ... }} up to the first one not understood. */
    private void literal(int i) {
        while (i < t.size() && !is(i, "}")) {
            if (is(i, "...")) {
                String spec = requireCall(i + 1);
                if (spec != null) {
                    reexports.add(spec);
                    i += 5;
                } else if (ident(i + 1)) {
                    i += 2;
                } else {
                    return;
                }
            } else if (ident(i) && (is(i + 1, ",") || is(i + 1, "}"))) {
                exports.add(t.get(i).text());
                i++;
            } else if ((ident(i) || string(i)) && is(i + 1, ":") && ident(i + 2)) {
                exports.add(t.get(i).text());
                i += 3;
                if (!is(i, ",") && !is(i, "}")) {
                    return;
                }
            } else {
                return;
            }
            if (is(i, ",")) {
                i++;
            }
        }
    }

    /** {@code Object.defineProperty(exports, 'name', {...})} and Babel's {@code Object.keys(_x).forEach(...)}. */
    private void objectCall(int i) {
        if (!is(i, ".") || !is(i + 2, "(")) {
            return;
        }
        if (is(i + 1, "defineProperty")) {
            int at = exportsTarget(i + 3);
            if (at > 0 && is(at, ",") && string(at + 1) && is(at + 2, ",") && is(at + 3, "{")) {
                String name = t.get(at + 1).text();
                if (safeDescriptor(at + 4)) {
                    exports.add(name);
                }
            }
        } else if (is(i + 1, "keys") && ident(i + 3) && is(i + 4, ")") && is(i + 5, ".") && is(i + 6, "forEach")) {
            babelReexport(t.get(i + 3).text(), i + 7);
        }
    }

    /** The index after {@code exports} or {@code module.exports} at {@code i}, or -1. */
    private int exportsTarget(int i) {
        if (is(i, "exports")) {
            return i + 1;
        }
        if (is(i, "module") && is(i + 1, ".") && is(i + 2, "exports")) {
            return i + 3;
        }
        return -1;
    }

    /** {@code enumerable: true,}? then {@code value:} or a getter returning a (member) identifier. */
    private boolean safeDescriptor(int i) {
        if (is(i, "enumerable") && is(i + 1, ":") && is(i + 2, "true")) {
            i += is(i + 3, ",") ? 4 : 3;
        }
        if (is(i, "value") && is(i + 1, ":")) {
            return true;
        }
        if (!is(i, "get")) {
            return false;
        }
        i++;
        if (is(i, ":")) {
            i++;
            if (is(i, "function")) {
                i++;
                if (ident(i) && !is(i, "(")) {
                    i++;
                }
            } else if (is(i, "(") && is(i + 1, ")") && is(i + 2, "=>")) {
                return returnsMember(i + 3) > 0;
            } else {
                return false;
            }
        }
        if (!is(i, "(") || !is(i + 1, ")") || !is(i + 2, "{") || !is(i + 3, "return")) {
            return false;
        }
        int end = returnsMember(i + 4);
        if (end < 0) {
            return false;
        }
        if (is(end, ";")) {
            end++;
        }
        return is(end, "}");
    }

    /** {@code id(.id | ['s'])*} at {@code i}: the index after it, or -1. */
    private int returnsMember(int i) {
        if (!ident(i)) {
            return -1;
        }
        i++;
        while (true) {
            if (is(i, ".") && ident(i + 1)) {
                i += 2;
            } else if (is(i, "[") && string(i + 1) && is(i + 2, "]")) {
                i += 3;
            } else {
                return i;
            }
        }
    }

    /** TypeScript: {@code __exportStar(require('x'), exports)}, {@code __export(require('x'))}. */
    private void exportStar(int i) {
        if (is(i, "(")) {
            String spec = requireCall(i + 1);
            if (spec != null) {
                reexports.add(spec);
            }
        }
    }

    /** {@code var _x = require('x')} or {@code var _x = _interopRequireWildcard(require('x'))}. */
    private void requireBinding(int i) {
        if (!ident(i) || !is(i + 1, "=")) {
            return;
        }
        String spec = requireCall(i + 2);
        if (spec == null && ident(i + 2) && is(i + 3, "(")) {
            spec = requireCall(i + 4);
        }
        if (spec != null) {
            requireBindings.put(t.get(i).text(), spec);
        }
    }

    /**
     * Babel: {@code Object.keys(_x).forEach(function (key) { ... })} whose body assigns
     * {@code exports[key]} or defines {@code key} on exports, with {@code _x} bound to a require.
     */
    private void babelReexport(String binding, int i) {
        String spec = requireBindings.get(binding);
        if (spec == null || !is(i, "(")) {
            return;
        }
        int at = i + 1;
        if (is(at, "function")) {
            at++;
        }
        if (!is(at, "(") || !ident(at + 1) || !is(at + 2, ")")) {
            return;
        }
        String key = t.get(at + 1).text();
        at += 3;
        if (is(at, "=>")) {
            at++;
        }
        if (!is(at, "{")) {
            return;
        }
        int depth = t.get(at).depth();
        for (int j = at + 1; j < t.size() && !(is(j, "}") && t.get(j).depth() == depth); j++) {
            boolean assigns = is(j, "exports") && is(j + 1, "[") && is(j + 2, key) && is(j + 3, "]") && is(j + 4, "=");
            boolean defines = is(j, "defineProperty") && is(j + 1, "(") && is(j + 2, "exports") && is(j + 3, ",") && is(j + 4, key);
            if (assigns || defines) {
                reexports.add(spec);
                return;
            }
        }
    }

    /** {@code require('x')} at {@code i}: the specifier, or null. */
    private String requireCall(int i) {
        if (is(i, "require") && is(i + 1, "(") && string(i + 2) && is(i + 3, ")")) {
            return t.get(i + 2).text();
        }
        return null;
    }

    // ---- token tests ----

    private boolean is(int i, String text) {
        return i >= 0 && i < t.size() && t.get(i).is(text);
    }

    private boolean ident(int i) {
        return i < t.size() && t.get(i).kind() == Kind.IDENT;
    }

    private boolean string(int i) {
        return i < t.size() && t.get(i).kind() == Kind.STRING;
    }

    private boolean afterDot(int i) {
        return is(i - 1, ".") || is(i - 1, "?.");
    }
}
