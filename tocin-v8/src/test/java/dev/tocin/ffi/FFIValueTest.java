package dev.tocin.ffi;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FFIValueTest {

    @Test
    void factoriesPickTheType() {
        assertThat(FFIValue.of(42).type()).isEqualTo(FFIValue.Type.INTEGER);
        assertThat(FFIValue.of(42L)).isEqualTo(new FFIValue.IntegerValue(42));
        assertThat(FFIValue.of(1.5).type()).isEqualTo(FFIValue.Type.FLOAT);
        assertThat(FFIValue.of(true)).isSameAs(FFIValue.TRUE);
        assertThat(FFIValue.of("x").type()).isEqualTo(FFIValue.Type.STRING);
        assertThat(FFIValue.of((String) null)).isSameAs(FFIValue.NULL);
        assertThat(FFIValue.of(BigInteger.TEN).type()).isEqualTo(FFIValue.Type.BIGINT);
        assertThat(FFIValue.of(Instant.EPOCH).type()).isEqualTo(FFIValue.Type.DATE);
        assertThat(FFIValue.of(new byte[]{1}).type()).isEqualTo(FFIValue.Type.BINARY_DATA);
        assertThat(FFIValue.array(FFIValue.of(1)).type()).isEqualTo(FFIValue.Type.ARRAY);
        assertThat(FFIValue.of(Map.of("a", FFIValue.of(1))).type()).isEqualTo(FFIValue.Type.OBJECT);
        assertThat(FFIValue.of(args -> FFIValue.UNDEFINED).type()).isEqualTo(FFIValue.Type.FUNCTION);
        assertThat(FFIValue.UNDEFINED.type()).isEqualTo(FFIValue.Type.UNDEFINED);
        assertThat(FFIValue.NULL.type()).isEqualTo(FFIValue.Type.NULL);
    }

    @Test
    void objectsKeepInsertionOrderAndAreUnmodifiable() {
        var source = new LinkedHashMap<String, FFIValue>();
        source.put("zeta", FFIValue.of(1));
        source.put("alpha", FFIValue.of(2));
        source.put("mid", FFIValue.of(3));
        var object = FFIValue.of(source);
        source.put("later", FFIValue.of(4));
        assertThat(object.fields().keySet()).containsExactly("zeta", "alpha", "mid");
        assertThatThrownBy(() -> object.fields().put("x", FFIValue.NULL))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(object.toJSON()).isEqualTo("{\"zeta\":1,\"alpha\":2,\"mid\":3}");
        assertThat(object.get("alpha")).isEqualTo(FFIValue.of(2));
        assertThat(object.get("missing")).isSameAs(FFIValue.UNDEFINED);
    }

    @Test
    void arraysAreCopiedAndUnmodifiable() {
        var source = new ArrayList<FFIValue>(List.of(FFIValue.of(1), FFIValue.of(2)));
        source.add(null);
        var array = FFIValue.of(source);
        source.clear();
        assertThat(array.elements()).containsExactly(FFIValue.of(1), FFIValue.of(2), FFIValue.NULL);
        assertThatThrownBy(() -> array.elements().add(FFIValue.NULL)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(array.get(1)).isEqualTo(FFIValue.of(2));
        assertThat(array.get(7)).isSameAs(FFIValue.UNDEFINED);
    }

    @Test
    void binaryDataCopiesInAndOut() {
        byte[] bytes = {1, 2, 3, 4};
        var value = (FFIValue.BinaryDataValue) FFIValue.of(bytes);
        bytes[0] = 99;
        assertThat(value.bytes()).containsExactly(1, 2, 3, 4);
        value.bytes()[1] = 99;
        assertThat(value.bytes()).containsExactly(1, 2, 3, 4);
        assertThat(value).isEqualTo(FFIValue.of(new byte[]{1, 2, 3, 4})).hasSameHashCodeAs(FFIValue.of(new byte[]{1, 2, 3, 4}));
        assertThat(value).isNotEqualTo(FFIValue.of(new byte[]{1, 2, 3, 4}, BinaryKind.ARRAY_BUFFER));
        assertThatThrownBy(() -> FFIValue.of(new byte[3], BinaryKind.FLOAT64_ARRAY))
                .hasMessageContaining("Float64Array").hasMessageContaining("multiple of 8");
    }

    @Test
    void datesHaveMillisecondPrecision() {
        var date = (FFIValue.DateValue) FFIValue.of(Instant.parse("2024-05-06T07:08:09.123456789Z"));
        assertThat(date.value()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
    }

    @Test
    void typedAccessorsNameTheMismatch() {
        assertThat(FFIValue.of("s").asString()).isEqualTo("s");
        assertThat(FFIValue.of(3.0).asLong()).isEqualTo(3);
        assertThat(FFIValue.of(3).asDouble()).isEqualTo(3.0);
        assertThatThrownBy(() -> FFIValue.of(3).asString())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected STRING but the value is INTEGER");
        assertThatThrownBy(() -> FFIValue.of(3.5).asLong()).hasMessageContaining("expected INTEGER");
    }

    @Test
    void javaRoundTrip() {
        var java = new LinkedHashMap<String, Object>();
        java.put("n", 1);
        java.put("l", List.of(1L, "two", 3.5, true));
        java.put("nested", Map.of("big", new BigInteger("123456789012345678901234567890")));
        java.put("none", null);
        java.put("when", Instant.ofEpochMilli(1234));
        java.put("opt", Optional.of("x"));
        java.put("arr", new int[]{4, 5});
        java.put("buf", ByteBuffer.wrap(new byte[]{7, 8}));
        var value = FFIValue.fromJava(java);
        assertThat(value.get("n")).isEqualTo(FFIValue.of(1));
        assertThat(value.get("l")).isEqualTo(FFIValue.array(FFIValue.of(1), FFIValue.of("two"), FFIValue.of(3.5), FFIValue.TRUE));
        assertThat(value.get("nested").get("big").type()).isEqualTo(FFIValue.Type.BIGINT);
        assertThat(value.get("none")).isSameAs(FFIValue.NULL);
        assertThat(value.get("opt")).isEqualTo(FFIValue.of("x"));
        assertThat(value.get("arr")).isEqualTo(FFIValue.array(FFIValue.of(4), FFIValue.of(5)));
        assertThat(value.get("buf")).isEqualTo(FFIValue.of(new byte[]{7, 8}));

        @SuppressWarnings("unchecked")
        var back = (Map<String, Object>) value.toJava();
        assertThat(back.keySet()).containsExactly("n", "l", "nested", "none", "when", "opt", "arr", "buf");
        assertThat(back.get("n")).isEqualTo(1L);
        assertThat(back.get("l")).isEqualTo(List.of(1L, "two", 3.5, true));
        assertThat(back.get("when")).isEqualTo(Instant.ofEpochMilli(1234));
        assertThat((byte[]) back.get("buf")).containsExactly(7, 8);
        assertThat(FFIValue.fromJava(back)).isEqualTo(value);
    }

    @Test
    void fromJavaRefusesCyclesAndUnknownTypesNamingThePath() {
        var list = new ArrayList<Object>();
        var map = new TreeMap<String, Object>();
        map.put("self", list);
        list.add("x");
        list.add(map);
        assertThatThrownBy(() -> FFIValue.fromJava(Map.of("root", list)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("$.root[1].self");
        assertThatThrownBy(() -> FFIValue.fromJava(List.of(1, Map.of("bad key", new Object()))))
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("$[1][\"bad key\"]");
    }

    @Test
    void sharedButAcyclicJavaValuesAreFine() {
        var shared = List.of(1, 2);
        assertThat(FFIValue.fromJava(List.of(shared, shared)).toJSON()).isEqualTo("[[1,2],[1,2]]");
    }

    @Test
    void jsonWriterFollowsJsonStringify() {
        var fields = new LinkedHashMap<String, FFIValue>();
        fields.put("u", FFIValue.UNDEFINED);
        fields.put("f", FFIValue.of(args -> FFIValue.NULL));
        fields.put("nan", FFIValue.of(Double.NaN));
        fields.put("one", FFIValue.of(1.0));
        fields.put("big", FFIValue.of(new BigInteger("-99999999999999999999999")));
        fields.put("date", FFIValue.of(Instant.parse("2020-01-02T03:04:05.678Z")));
        fields.put("bin", FFIValue.of(new byte[]{1, 2, 3}));
        fields.put("s", FFIValue.of("q\"\\\n\u0001\uD800é😀"));
        fields.put("arr", FFIValue.array(FFIValue.UNDEFINED, FFIValue.NULL));
        assertThat(FFIValue.of(fields).toJSON()).isEqualTo(
                "{\"nan\":null,\"one\":1.0,\"big\":-99999999999999999999999,"
                        + "\"date\":\"2020-01-02T03:04:05.678Z\",\"bin\":\"AQID\","
                        + "\"s\":\"q\\\"\\\\\\n\\u0001\\ud800é😀\",\"arr\":[null,null]}");
    }

    @Test
    void jsonParserNumberRules() {
        assertThat(FFIValue.fromJSON("9223372036854775807")).isEqualTo(FFIValue.of(Long.MAX_VALUE));
        assertThat(FFIValue.fromJSON("-9223372036854775808")).isEqualTo(FFIValue.of(Long.MIN_VALUE));
        assertThat(FFIValue.fromJSON("9223372036854775808"))
                .isEqualTo(FFIValue.of(new BigInteger("9223372036854775808")));
        assertThat(FFIValue.fromJSON("1.0")).isEqualTo(FFIValue.of(1.0));
        assertThat(FFIValue.fromJSON("1e3")).isEqualTo(FFIValue.of(1000.0));
        assertThat(FFIValue.fromJSON("-0")).isEqualTo(FFIValue.of(-0.0));
        assertThat(FFIValue.fromJSON(" { \"b\" : [ true , false , null ], \"a\": \"\\u00e9\\ud83d\\ude00\" } "))
                .isEqualTo(FFIValue.of(orderedOf("b", FFIValue.array(FFIValue.TRUE, FFIValue.FALSE, FFIValue.NULL),
                        "a", FFIValue.of("é😀"))));
        assertThat(((FFIValue.ObjectValue) FFIValue.fromJSON("{\"a\":1,\"b\":2,\"a\":3}")).fields())
                .containsExactly(Map.entry("a", FFIValue.of(3)), Map.entry("b", FFIValue.of(2)));
    }

    @Test
    void jsonErrorsSayWhereAndWhat() {
        assertThatThrownBy(() -> FFIValue.fromJSON("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .isInstanceOfSatisfying(JsonSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(7);
                    assertThat(e.getMessage()).contains("line 3, column 7").contains("expected ':'")
                            .contains("character '2'");
                });
        assertThatThrownBy(() -> FFIValue.fromJSON("[1, 2")).hasMessageContaining("unterminated array");
        assertThatThrownBy(() -> FFIValue.fromJSON("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> FFIValue.fromJSON("01")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> FFIValue.fromJSON("[1,]")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> FFIValue.fromJSON("\"\\x\"")).hasMessageContaining("invalid escape '\\x'");
        assertThatThrownBy(() -> FFIValue.fromJSON("\"a\tb\"")).hasMessageContaining("U+0009");
        assertThatThrownBy(() -> FFIValue.fromJSON("tru")).hasMessageContaining("expected 'true'");
        assertThatThrownBy(() -> FFIValue.fromJSON("1.")).hasMessageContaining("after the decimal point");
        assertThatThrownBy(() -> FFIValue.fromJSON("")).hasMessageContaining("end of input");
        assertThatThrownBy(() -> FFIValue.fromJSON("[".repeat(5000)))
                .isInstanceOf(ValueLimitException.class).hasMessageContaining("MAX_DEPTH");
    }

    private static Map<String, FFIValue> orderedOf(String k1, FFIValue v1, String k2, FFIValue v2) {
        var map = new LinkedHashMap<String, FFIValue>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
