package dev.tocin.v8;

import com.caoccao.javet.values.V8Value;
import dev.tocin.ffi.BinaryKind;
import dev.tocin.ffi.FFIValue;
import dev.tocin.ffi.ValueLimitException;
import dev.tocin.ffi.ValueLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Conversion on a runtime's loop thread (the converter's home), values checked from both sides. */
class ValueConverterTest {
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

    private static FFIValue eval(String js) {
        return rt.onLoop("test", v8 -> {
            try (V8Value v = v8.script(js).execute()) {
                return ValueConverter.toFFI(v);
            }
        });
    }

    private static void setGlobal(String name, FFIValue value) {
        rt.onLoop("test", v8 -> {
            try (V8Value js = ValueConverter.toV8(v8.values(), value)) {
                v8.setGlobal(name, js);
            }
            return null;
        });
    }

    private static String evalString(String js) {
        return rt.onLoop("test", v8 -> v8.script(js).executeString());
    }

    /** Java -> JS (as global x) -> JS checks -> back to Java. */
    private static FFIValue throughJs(FFIValue value, String check) {
        setGlobal("x", value);
        boolean ok = rt.onLoop("test", v8 -> v8.script(check).executeBoolean());
        assertThat(ok).as("JS check: " + check).isTrue();
        return eval("x");
    }

    @Test
    void primitivesRoundTrip() {
        assertThat(throughJs(FFIValue.UNDEFINED, "x === undefined")).isEqualTo(FFIValue.UNDEFINED);
        assertThat(throughJs(FFIValue.NULL, "x === null")).isEqualTo(FFIValue.NULL);
        assertThat(throughJs(FFIValue.TRUE, "x === true")).isEqualTo(FFIValue.TRUE);
        assertThat(throughJs(FFIValue.of(42), "x === 42")).isEqualTo(FFIValue.of(42));
        assertThat(throughJs(FFIValue.of(-(1L << 53)), "x === -(2**53) && typeof x === 'number'"))
                .isEqualTo(FFIValue.of(-(1L << 53)));
        assertThat(throughJs(FFIValue.of(1L << 40), "x === 2**40")).isEqualTo(FFIValue.of(1L << 40));
        assertThat(throughJs(FFIValue.of(1.5), "x === 1.5")).isEqualTo(FFIValue.of(1.5));
        assertThat(throughJs(FFIValue.of(Double.NaN), "Number.isNaN(x)")).isEqualTo(FFIValue.of(Double.NaN));
        assertThat(throughJs(FFIValue.of(-0.0), "Object.is(x, -0)")).isEqualTo(FFIValue.of(-0.0));
        assertThat(throughJs(FFIValue.of(Double.POSITIVE_INFINITY), "x === Infinity"))
                .isEqualTo(FFIValue.of(Double.POSITIVE_INFINITY));
        assertThat(throughJs(FFIValue.of("héllo 😀"), "x === 'héllo 😀'")).isEqualTo(FFIValue.of("héllo 😀"));
        var big = new BigInteger("-123456789012345678901234567890123456789");
        assertThat(throughJs(FFIValue.of(big), "x === -123456789012345678901234567890123456789n"))
                .isEqualTo(FFIValue.of(big));
        assertThat(throughJs(FFIValue.of(BigInteger.valueOf(5)), "x === 5n")).isEqualTo(FFIValue.of(BigInteger.valueOf(5)));
        var when = Instant.parse("2021-03-04T05:06:07.089Z");
        assertThat(throughJs(FFIValue.of(when), "x instanceof Date && x.toISOString() === '2021-03-04T05:06:07.089Z'"))
                .isEqualTo(FFIValue.of(when));
    }

    @Test
    void jsNumbersBecomeIntegerWhenIntegralAndInLongRange() {
        assertThat(eval("2**53 + 2")).isEqualTo(FFIValue.of((1L << 53) + 2));
        assertThat(eval("1e18")).isEqualTo(FFIValue.of(1_000_000_000_000_000_000L));
        assertThat(eval("-(2**63)")).isEqualTo(FFIValue.of(Long.MIN_VALUE));
        assertThat(eval("2**63")).isEqualTo(FFIValue.of(0x1p63));
        assertThat(eval("1e300")).isEqualTo(FFIValue.of(1e300));
        assertThat(eval("7.0")).isEqualTo(FFIValue.of(7));
        assertThat(eval("-0")).isEqualTo(FFIValue.of(-0.0));
        assertThat(eval("0.1 + 0.2")).isEqualTo(FFIValue.of(0.1 + 0.2));
        assertThat(eval("2n ** 64n")).isEqualTo(FFIValue.of(BigInteger.TWO.pow(64)));
        assertThat(eval("-(2n ** 63n)")).isEqualTo(FFIValue.of(BigInteger.TWO.pow(63).negate()));
        assertThat(eval("new Number(3)")).isEqualTo(FFIValue.of(3));
        assertThat(eval("new String('boxed')")).isEqualTo(FFIValue.of("boxed"));
    }

    @Test
    void objectsKeepJsKeyOrder() {
        var value = (FFIValue.ObjectValue) eval("({zeta: 1, alpha: {y: [1, 'two', null], x: false}, mid: undefined})");
        assertThat(value.fields().keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(((FFIValue.ObjectValue) value.get("alpha")).fields().keySet()).containsExactly("y", "x");
        assertThat(value.get("alpha").get("y")).isEqualTo(FFIValue.array(FFIValue.of(1), FFIValue.of("two"), FFIValue.NULL));
        assertThat(value.get("mid")).isSameAs(FFIValue.UNDEFINED);

        var fields = new LinkedHashMap<String, FFIValue>();
        fields.put("b", FFIValue.of(1));
        fields.put("a", FFIValue.array(FFIValue.of("x"), FFIValue.of(Map.of("deep", FFIValue.TRUE))));
        fields.put("with space", FFIValue.NULL);
        var object = FFIValue.of(fields);
        assertThat(throughJs(object, "JSON.stringify(x) === '{\"b\":1,\"a\":[\"x\",{\"deep\":true}],\"with space\":null}'"))
                .isEqualTo(object);
    }

    @Test
    void onlyOwnEnumerableKeysCross() {
        assertThat(eval("""
                const proto = {inherited: 1};
                const o = Object.create(proto);
                o.own = 2;
                Object.defineProperty(o, 'hidden', {value: 3, enumerable: false});
                o""").toJSON()).isEqualTo("{\"own\":2}");
    }

    @Test
    void binaryDataRoundTripsWithItsKind() {
        var bytes = FFIValue.of(new byte[]{1, 2, (byte) 255});
        assertThat(throughJs(bytes, "x instanceof Uint8Array && x.length === 3 && x[2] === 255")).isEqualTo(bytes);
        var doubles = FFIValue.of(java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putDouble(1.5).putDouble(-2).array(), BinaryKind.FLOAT64_ARRAY);
        assertThat(throughJs(doubles, "x instanceof Float64Array && x[0] === 1.5 && x[1] === -2")).isEqualTo(doubles);
        var buffer = FFIValue.of(new byte[]{9, 8}, BinaryKind.ARRAY_BUFFER);
        assertThat(throughJs(buffer, "x instanceof ArrayBuffer && x.byteLength === 2")).isEqualTo(buffer);
        var view = FFIValue.of(new byte[]{7, 7, 7}, BinaryKind.DATA_VIEW);
        assertThat(throughJs(view, "x instanceof DataView && x.getUint8(2) === 7")).isEqualTo(view);
        // A view into the middle of a buffer: only the viewed bytes cross.
        assertThat(eval("new Uint8Array([0, 1, 2, 3, 4, 5]).subarray(2, 4)"))
                .isEqualTo(FFIValue.of(new byte[]{2, 3}));
        assertThat(eval("new Int16Array(new Uint8Array([0, 1, 2, 3, 4, 5]).buffer, 2, 2)"))
                .isEqualTo(FFIValue.of(new byte[]{2, 3, 4, 5}, BinaryKind.INT16_ARRAY));
        assertThat(eval("new BigInt64Array([-1n])"))
                .isEqualTo(FFIValue.of(new byte[]{-1, -1, -1, -1, -1, -1, -1, -1}, BinaryKind.BIGINT64_ARRAY));
        assertThat(eval("new Uint8Array(0)")).isEqualTo(FFIValue.of(new byte[0]));
    }

    @Test
    void collectionsAndErrors() {
        assertThat(eval("new Set([3, 1, 3, 2])")).isEqualTo(FFIValue.array(FFIValue.of(3), FFIValue.of(1), FFIValue.of(2)));
        assertThat(eval("new Map([['k', 1], [2, 'two']])").toJSON()).isEqualTo("{\"k\":1,\"2\":\"two\"}");
        assertThat(eval("[1, , 3]")).isEqualTo(FFIValue.array(FFIValue.of(1), FFIValue.UNDEFINED, FFIValue.of(3)));
        var error = eval("(() => { const e = new TypeError('bad thing'); e.code = 7; return e; })()");
        assertThat(error.get("name")).isEqualTo(FFIValue.of("TypeError"));
        assertThat(error.get("message")).isEqualTo(FFIValue.of("bad thing"));
        assertThat(error.get("stack").asString()).startsWith("TypeError: bad thing\n    at ");
        assertThat(error.get("code")).isEqualTo(FFIValue.of(7));
    }

    @Test
    void hugeArraysCrossBothWays() {
        int n = 250_000; // 62 native batches each way
        var fromJs = (FFIValue.ArrayValue) eval("Array.from({length: " + n + "}, (_, i) => i * 2)");
        assertThat(fromJs.size()).isEqualTo(n);
        assertThat(fromJs.get(n - 1)).isEqualTo(FFIValue.of(2L * (n - 1)));
        assertThat(fromJs.get(4097)).isEqualTo(FFIValue.of(8194));
        var elements = new ArrayList<FFIValue>(n);
        for (int i = 0; i < n; i++) {
            elements.add(i % 3 == 0 ? FFIValue.of("s" + i) : FFIValue.of(i));
        }
        var big = FFIValue.of(elements);
        var back = throughJs(big, "x.length === " + n + " && x[249998] === 249998 && x[249999] === 's249999' && x[999] === 's999' && x[4096] === 4096");
        assertThat(back).isEqualTo(big);
    }

    @Test
    void cyclesAreRefusedNamingThePath() {
        assertThatThrownBy(() -> eval("const a = {name: 'a', kids: [{}]}; a.kids[0].parent = a; a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("$.kids[0].parent");
        assertThatThrownBy(() -> eval("const arr = [1]; arr.push(arr); arr")).hasMessageContaining("$[1]");
        // Shared but acyclic references are fine: each occurrence becomes its own copy.
        assertThat(eval("const s = {v: 1}; ({left: s, right: s})").toJSON()).isEqualTo("{\"left\":{\"v\":1},\"right\":{\"v\":1}}");
    }

    @Test
    void tooDeepAndSymbolAreClearErrorsPromiseIsAnObject() {
        assertThatThrownBy(() -> eval("let d = {}; const root = d; for (let i = 0; i < 5000; i++) { d.n = {}; d = d.n; } root"))
                .hasMessageContaining("deeper than 256");
        FFIValue deep = FFIValue.NULL;
        for (int i = 0; i < 5000; i++) {
            deep = FFIValue.array(deep);
        }
        var tooDeep = deep;
        assertThatThrownBy(() -> setGlobal("deep", tooDeep)).hasMessageContaining("deeper than 256")
                .hasMessageContaining("more)");
        assertThat(eval("({p: Promise.resolve(1)})").toJSON()).isEqualTo("{\"p\":{}}");
        assertThatThrownBy(() -> eval("[Symbol('s')]")).hasMessageContaining("Symbol at $[0]");
    }

    @Test
    void functionsCrossBothWays() {
        var add = (FFIValue.FunctionValue) eval("(a, b) => a + b");
        assertThat(add.call(FFIValue.of(2), FFIValue.of(40))).isEqualTo(FFIValue.of(42));

        FFIValue javaConcat = FFIValue.of(args -> FFIValue.of(args[0].asString() + args[1].asLong()));
        setGlobal("concat", javaConcat);
        assertThat(evalString("concat('n=', 5)")).isEqualTo("n=5");

        // A JS function handed back to JS is the same function, not a Java wrapper.
        setGlobal("sameAdd", add);
        assertThat(evalString("String(sameAdd.toString().includes('a + b'))")).isEqualTo("true");

        FFIValue failing = FFIValue.of(args -> {
            throw new IllegalStateException("no such user: " + args[0].asLong());
        });
        setGlobal("failing", failing);
        assertThat(evalString("""
                (() => { try { failing(7); return 'no throw'; }
                         catch (e) { return [e instanceof Error, e.name, e.message, e.javaClass].join('|'); } })()
                """))
                .isEqualTo("true|IllegalStateException|no such user: 7|java.lang.IllegalStateException");
    }

    @Test
    void arraysOfEveryTypeRoundTrip() {
        var all = FFIValue.of(List.of(FFIValue.UNDEFINED, FFIValue.NULL, FFIValue.TRUE, FFIValue.of(-7),
                FFIValue.of(2.25), FFIValue.of("s"), FFIValue.array(), FFIValue.of(Map.of()),
                FFIValue.of(new byte[]{1}), FFIValue.of(BigInteger.ONE), FFIValue.of(Instant.ofEpochMilli(5))));
        assertThat(throughJs(all, "x.length === 11 && typeof x[9] === 'bigint'")).isEqualTo(all);
    }

    @Test
    void anInvalidDateIsNullAsJsonStringifyWritesItAndTheDateRangeIsExact() {
        assertThat(eval("new Date(NaN)")).isEqualTo(FFIValue.NULL);
        assertThat(eval("({d: new Date('not a date')})").toJSON()).isEqualTo("{\"d\":null}");
        assertThat(eval("new Date(8.64e15)")).isEqualTo(FFIValue.of(Instant.ofEpochMilli(8_640_000_000_000_000L)));
        assertThat(throughJs(FFIValue.of(Instant.ofEpochMilli(-8_640_000_000_000_000L)), "x.getTime() === -8.64e15"))
                .isEqualTo(FFIValue.of(Instant.ofEpochMilli(-8_640_000_000_000_000L)));
        var tooLate = FFIValue.of(Instant.ofEpochMilli(8_640_000_000_000_001L));
        assertThatThrownBy(() -> setGlobal("late", FFIValue.array(tooLate)))
                .isInstanceOf(ValueLimitException.class).hasMessageContaining("MAX_DATE_MILLIS")
                .hasMessageContaining("at $[0]");
    }

    @Test
    void limitsAreValueLimitExceptionsNamingLimitAndPath() {
        var deep = catchThrowableOfType(ValueLimitException.class, () -> eval(
                "(() => { let d = []; const root = {top: d}; for (let i = 0; i < 100000; i++) { d.push([]); d = d[0]; } return root; })()"));
        assertThat(deep.limit()).isEqualTo("MAX_DEPTH");
        assertThat(deep.path()).startsWith("$.top[0][0]");

        var sparse = catchThrowableOfType(ValueLimitException.class, () -> eval("(() => { const a = []; a.length = 1e8; return [a]; })()"));
        assertThat(sparse.limit()).isEqualTo("MAX_ARRAY_LENGTH");
        assertThat(sparse.path()).isEqualTo("$[0]");
        assertThat(sparse).hasMessageContaining("length 100000000");
        // Holes below the limit still read as UNDEFINED.
        assertThat(eval("(() => { const s = []; s.length = 3; s[1] = 'x'; return s; })()"))
                .isEqualTo(FFIValue.array(FFIValue.UNDEFINED, FFIValue.of("x"), FFIValue.UNDEFINED));

        var bits = BigInteger.ONE.shiftLeft(ValueLimits.MAX_BIGINT_BITS);
        assertThatThrownBy(() -> setGlobal("big", FFIValue.of(Map.of("n", FFIValue.of(bits)))))
                .isInstanceOf(ValueLimitException.class).hasMessageContaining("MAX_BIGINT_BITS").hasMessageContaining("$.n");
    }

    @Test
    void gettersAndProxyTrapsThatThrowAreErrorsNamingThePathAndProxiesAreReadThroughTheirTraps() {
        assertThatThrownBy(() -> eval("({list: [{ok: 1, get bad() { throw new TypeError('nope') }}]})"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reading $.list[0].bad threw TypeError: nope");
        assertThatThrownBy(() -> eval("(() => { const r = Proxy.revocable({}, {}); r.revoke(); return {p: r.proxy}; })()"))
                .hasMessageContaining("cannot read the JS Proxy at $.p").hasMessageContaining("revoked");
        // A getter that works is read; a Proxy is read through its traps, in trap order.
        assertThat(eval("({get a() { return 1 }})")).isEqualTo(FFIValue.fromJSON("{\"a\":1}"));
        assertThat(eval("""
                new Proxy({}, {
                  ownKeys: () => ['z', 'a'],
                  getOwnPropertyDescriptor: () => ({value: 0, enumerable: true, configurable: true}),
                  get: (t, k) => k + '!'
                })""").toJSON()).isEqualTo("{\"z\":\"z!\",\"a\":\"a!\"}");
        assertThat(eval("new Proxy([1, [2]], {})")).isEqualTo(FFIValue.fromJSON("[1,[2]]"));
        // The runtime is fine afterwards.
        assertThat(eval("1 + 1")).isEqualTo(FFIValue.of(2));
    }
}
