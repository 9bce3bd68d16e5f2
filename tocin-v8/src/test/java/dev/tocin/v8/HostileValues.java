package dev.tocin.v8;

import java.util.List;

/**
 * Hostile JS values crossing to Java (issue #12 items 1, 12, 13 and an independent set of probes
 * of the same kinds), each with what the Java side must see: a line starting {@code OK <json>} or
 * {@code ERR <exception class>: <message>} containing {@link Case#expect}. Before the fixes
 * several of them killed the JVM (V8 {@code Check failed: has_exception()}); run them only in a
 * child JVM ({@link HostileValueProbe}).
 */
final class HostileValues {
    /** How the value reaches Java. */
    enum Via {
        /** {@code executeCode(code)}'s result. */
        CODE,
        /** {@code evaluateExpression(code)}'s result. */
        EXPRESSION,
        /** {@code callFunction} of a module export returning {@code (0, eval)(code)}. */
        CALL,
        /** An argument of a registered Java function: {@code take(<code>)}, whose error JS catches. */
        JAVA_ARGUMENT,
        /** {@code executeCode(code)} on a runtime with a 2 s execution timeout. */
        TIMED
    }

    record Case(String name, Via via, String code, String expect) {
    }

    private static final String REVOKED = "(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()";
    private static final String THROWING_KEYS = "new Proxy({}, {ownKeys() { throw 1 }})";
    private static final String PROXY_CANT = "ERR IllegalArgumentException: cannot read the JS Proxy at ";

    /** The reported crashes and costs of #12 (1, 12, 13). */
    static final List<Case> ISSUE = List.of(
            new Case("throwing-ownKeys", Via.CODE, THROWING_KEYS, PROXY_CANT + "$: reading it threw 1"),
            new Case("revoked-proxy", Via.CODE, "const r = Proxy.revocable({}, {}); r.revoke(); r.proxy",
                    PROXY_CANT + "$: reading it threw TypeError: Cannot perform"),
            new Case("revoked-nested", Via.EXPRESSION, "{a: [1, {b: " + REVOKED + "}]}", PROXY_CANT + "$.a[1].b"),
            new Case("throwing-ownKeys-call", Via.CALL, THROWING_KEYS, PROXY_CANT + "$"),
            new Case("revoked-java-arg", Via.JAVA_ARGUMENT, "[" + REVOKED + "]", PROXY_CANT + "$[0]"),
            new Case("sparse-1e8", Via.CODE, "a = []; a.length = 1e8; a",
                    "ERR ValueLimitException: value exceeds ValueLimits.MAX_ARRAY_LENGTH (16777216) at $: "
                            + "a JS array of length 100000000"),
            new Case("sparse-2^32-1", Via.CODE, "b = []; b.length = 2 ** 32 - 1; ({b})", "MAX_ARRAY_LENGTH (16777216) at $.b"),
            new Case("deep-100000", Via.CODE,
                    "let d = {}; const root = d; for (let i = 0; i < 100000; i++) { d.n = {}; d = d.n; } root",
                    "ERR ValueLimitException: value exceeds ValueLimits.MAX_DEPTH (256) at $.n.n"),
            new Case("invalid-date", Via.CODE, "[new Date(NaN), new Date(0)]", "OK [null,\"1970-01-01T00:00:00Z\"]"));

    /** An independent set of probes of the same kinds. */
    static final List<Case> PROBES = List.of(
            new Case("getter-throws", Via.CODE, "({ok: 1, get bad() { throw new RangeError('no') }})",
                    "ERR IllegalArgumentException: cannot read the JS object at $: reading $.bad threw RangeError: no"),
            new Case("index-getter-throws", Via.CODE,
                    "const g = [0, 1]; Object.defineProperty(g, 1, {get() { throw 'idx' }}); g",
                    "reading $[1] threw idx"),
            new Case("hole-hits-throwing-prototype", Via.CODE,
                    "const h = [0, , 2]; Object.setPrototypeOf(h, new Proxy([], {get() { throw 7 }})); h",
                    "reading $[1] threw 7"),
            new Case("error-name-getter-throws", Via.CODE,
                    "const e = new Error('m'); Object.defineProperty(e, 'name', {get() { throw 2 }}); e",
                    "cannot read the JS Error at $: reading $.name threw 2"),
            new Case("proxy-get-trap-throws", Via.CODE,
                    "new Proxy({a: 1}, {get() { throw new Error('trap') }})", PROXY_CANT + "$: reading $.a threw Error: trap"),
            new Case("proxy-descriptor-trap-throws", Via.CODE,
                    "new Proxy({a: 1}, {getOwnPropertyDescriptor() { throw 3 }})", PROXY_CANT + "$: reading it threw 3"),
            new Case("thrown-value-unprintable", Via.CODE,
                    "new Proxy({}, {ownKeys() { throw new Proxy({}, {get() { throw 4 }}) }})",
                    "threw a value that cannot be printed"),
            new Case("plain-proxy-is-read", Via.CODE, "new Proxy({b: 2, a: [1, new Proxy([3], {})]}, {})",
                    "OK {\"b\":2,\"a\":[1,[3]]}"),
            new Case("proxy-lies-about-length", Via.CODE, "new Proxy([], {get(t, k) { return k === 'length' ? 2 ** 32 - 1 : 0 }})",
                    "MAX_ARRAY_LENGTH (16777216) at $"),
            new Case("proxy-cycle", Via.CODE,
                    "var p = new Proxy({}, {ownKeys: () => ['self'], getOwnPropertyDescriptor: () => "
                            + "({value: 1, enumerable: true, configurable: true}), get: () => p}); ({p})",
                    "ERR IllegalArgumentException: cycle: the JS object at $.p.self"),
            new Case("cycle-through-plain-object", Via.CODE,
                    "const c = {}; c.inner = new Proxy({c}, {}); c", "cycle: the JS object at $.inner.c"),
            new Case("revoked-in-map-and-set", Via.CODE, "new Map([['k', new Set([" + REVOKED + "])]])", PROXY_CANT + "$.k[0]"),
            new Case("map-key-toString-throws", Via.CODE, "new Map([['ok', 1], [{toString() { throw 9 }}, 2]])",
                    "ERR IllegalArgumentException: cannot read the JS Map at $: reading it threw 9"),
            new Case("map-key-revoked-proxy", Via.CODE, "new Map([[" + REVOKED + ", 1]])", "cannot read the JS Map at $"),
            new Case("map-keys-as-String-does", Via.CODE, "new Map([[Symbol('k'), 1], [1e21, 2], [{}, 3], [null, [4]]])",
                    "OK {\"Symbol(k)\":1,\"1e+21\":2,\"[object Object]\":3,\"null\":[4]}"),
            new Case("tampered-keys-with-flaky-toString", Via.CODE,
                    "let n = 0; Object.keys = () => [{toString() { if (n++) throw 4; return 'a' }}]; new Proxy({a: 1}, {})",
                    "OK {\"a\":1}"), // String(key) runs once, in JS, never from Java
            new Case("array-prototype-traps-the-copy", Via.CODE,
                    "Object.defineProperty(Array.prototype, 0, {get() { throw 'proto' }, set(v) {}, configurable: true});"
                            + " new Proxy([1], {})",
                    "ERR IllegalArgumentException: cannot read the JS value at $: reading the copy made of it threw"),
            new Case("symbol-keys-skipped", Via.CODE, "({[Symbol('s')]: 1, a: 2})", "OK {\"a\":2}"),
            new Case("symbol-value-refused", Via.CODE, "({a: Symbol('x')})", "a JS Symbol at $.a has no FFIValue form"),
            new Case("huge-string", Via.CODE, "'x'.repeat(2 ** 25)", "OK \"xxxxxxxx"),
            new Case("huge-string-in-object", Via.CODE, "({s: 'z'.repeat(2 ** 24), n: 1})", "OK {\"s\":\"zzzzzzzz"),
            new Case("detached-typed-array", Via.CODE,
                    "const buf = new ArrayBuffer(8); const t = new Uint8Array(buf); buf.transfer(); [t, buf]",
                    "OK [\"\",\"\"]"),
            new Case("typed-array-over-4GiB", Via.CODE, "new Uint8Array(2 ** 32 + 8)", "MAX_BINARY_LENGTH"),
            new Case("bigint-extremes", Via.CODE, "[-(2n ** 64n), 2n ** 4000n > 0n, 0n]",
                    "OK [-18446744073709551616,true,0]"),
            new Case("bigint-huge", Via.CODE, "(2n ** 100000n).toString().length", "OK 30103"),
            new Case("negative-zero-nan", Via.CODE, "[-0, NaN, Infinity, -Infinity]", "OK [-0.0,null,null,null]"),
            new Case("frozen", Via.CODE, "Object.freeze({a: Object.freeze([1, 2]), b: Object.seal({c: 3})})",
                    "OK {\"a\":[1,2],\"b\":{\"c\":3}}"),
            new Case("many-keys", Via.CODE,
                    "const m = {}; for (let i = 0; i < 50000; i++) m['k' + i] = i; Object.keys(m).length === 50000 ? m : 0",
                    "OK {\"k0\":0,\"k1\":1"),
            new Case("date-extremes", Via.CODE, "[new Date(8.64e15), new Date(-8.64e15), new Date(8.64e15 + 1)]",
                    "OK [\"+275760-09-13T00:00:00Z\",\"-271821-04-20T00:00:00Z\",null]"),
            new Case("async-export-resolves-revoked", Via.CALL, "Promise.resolve({v: " + REVOKED + "})",
                    "cannot read the JS Proxy at $.v: reading it threw TypeError"),
            new Case("async-export-rejects-with-revoked", Via.CALL, "Promise.reject(" + REVOKED + ")", "ERR "),
            new Case("awaited-revoked", Via.CODE, "await Promise.resolve([" + REVOKED + "])", PROXY_CANT + "$[0]"),
            new Case("proxy-trap-loops-forever", Via.TIMED, "new Proxy({}, {ownKeys() { while (true) {} }})",
                    "ERR ScriptTimeoutException"),
            new Case("getter-loops-forever", Via.TIMED, "[{get a() { while (true) {} }}]", "ERR ScriptTimeoutException"),
            new Case("tampered-builtins", Via.CODE,
                    "Object.keys = () => { throw 'tampered' }; Array.isArray = 5; new Proxy({a: 1}, {})",
                    PROXY_CANT + "$: reading it threw"));

    private HostileValues() {
    }
}
