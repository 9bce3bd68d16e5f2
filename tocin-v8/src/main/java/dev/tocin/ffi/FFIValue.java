package dev.tocin.ffi;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * A value crossing the Java/JavaScript boundary: immutable, thread-safe, detached from any
 * runtime (except {@link FunctionValue}, whose handle is bound to the runtime it came from).
 *
 * <p>Use the {@code of(...)} factories to build values, pattern matching over the records (or
 * {@link #type()}) to read them, {@link #toJSON()} / {@link #fromJSON(String)} for text and
 * {@link #toJava()} / {@link #fromJava(Object)} for plain Java objects.
 */
public sealed interface FFIValue {

    /** The kind of value, one per record. */
    enum Type { UNDEFINED, NULL, BOOLEAN, INTEGER, FLOAT, STRING, ARRAY, OBJECT, FUNCTION, BINARY_DATA, BIGINT, DATE }

    /** JavaScript {@code undefined}. */
    Undefined UNDEFINED = new Undefined();
    /** JavaScript {@code null}. */
    Null NULL = new Null();
    /** JavaScript {@code true}. */
    BooleanValue TRUE = new BooleanValue(true);
    /** JavaScript {@code false}. */
    BooleanValue FALSE = new BooleanValue(false);

    Type type();

    // ---- factories ----------------------------------------------------------------------

    static BooleanValue of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** An INTEGER; {@code FFIValue.of(42)} lands here. */
    static IntegerValue of(long value) {
        return new IntegerValue(value);
    }

    static FloatValue of(double value) {
        return new FloatValue(value);
    }

    /** A STRING, or {@link #NULL} for a null reference. */
    static FFIValue of(String value) {
        return value == null ? NULL : new StringValue(value);
    }

    /** A BIGINT, or {@link #NULL} for a null reference. */
    static FFIValue of(BigInteger value) {
        return value == null ? NULL : new BigIntValue(value);
    }

    /** A DATE (JavaScript dates hold milliseconds: finer precision is cut), or {@link #NULL}. */
    static FFIValue of(Instant value) {
        return value == null ? NULL : new DateValue(value);
    }

    /** BINARY_DATA seen by JavaScript as a {@code Uint8Array}; the bytes are copied. */
    static FFIValue of(byte[] bytes) {
        return bytes == null ? NULL : new BinaryDataValue(bytes, BinaryKind.UINT8_ARRAY);
    }

    /** BINARY_DATA of the given view kind; the bytes are copied. */
    static BinaryDataValue of(byte[] bytes, BinaryKind kind) {
        return new BinaryDataValue(bytes, kind);
    }

    /** An ARRAY holding the given elements in order (a null element becomes {@link #NULL}). */
    @SuppressWarnings("unchecked") // read-only: the record copies the elements
    static ArrayValue of(List<? extends FFIValue> elements) {
        return new ArrayValue((List<FFIValue>) elements);
    }

    /** An ARRAY of the arguments. */
    static ArrayValue array(FFIValue... elements) {
        return new ArrayValue(Arrays.asList(elements));
    }

    /** An OBJECT with the map's entries in the map's iteration order. */
    @SuppressWarnings("unchecked") // read-only: the record copies the entries
    static ObjectValue of(Map<String, ? extends FFIValue> fields) {
        return new ObjectValue(fields instanceof SequencedMap<?, ?> sequenced
                ? (SequencedMap<String, FFIValue>) sequenced
                : new LinkedHashMap<>(fields));
    }

    /** A FUNCTION: a Java lambda JavaScript can call, or a handle to a JS function. */
    static FunctionValue of(JsFunctionHandle handle) {
        return new FunctionValue(handle);
    }

    // ---- conversions --------------------------------------------------------------------

    /**
     * Parses JSON text (RFC 8259). Integer literals that fit in a {@code long} become INTEGER,
     * larger ones BIGINT (nothing is rounded), numbers with a fraction or exponent FLOAT.
     * Object keys keep their order; a repeated key keeps its first position and last value,
     * as in {@code JSON.parse}.
     *
     * @throws JsonSyntaxException naming line, column and offset of the first problem
     * @throws ValueLimitException for nesting deeper than {@link ValueLimits#MAX_DEPTH} or a number
     *                             literal longer than {@link ValueLimits#MAX_NUMBER_LENGTH}
     */
    static FFIValue fromJSON(String json) {
        return new JsonParser(json).parseDocument();
    }

    /**
     * Writes compact JSON the way {@code JSON.stringify} would, with these choices where
     * JSON has no form: UNDEFINED and FUNCTION are dropped from objects and written as
     * {@code null} elsewhere; non-finite FLOAT is {@code null}; FLOAT always carries a
     * fraction or exponent ({@code 1.0}) so it reads back as FLOAT; BIGINT is written as its
     * exact digits; DATE as an ISO-8601 string; BINARY_DATA as a base64 string.
     *
     * @throws ValueLimitException for nesting deeper than {@link ValueLimits#MAX_DEPTH}
     */
    default String toJSON() {
        return JsonWriter.write(this);
    }

    /**
     * The plain Java form: UNDEFINED and NULL are {@code null}; Boolean, Long, Double,
     * String, BigInteger, Instant; a fresh {@code byte[]} for BINARY_DATA; an unmodifiable
     * {@code List<Object>} for ARRAY and an unmodifiable insertion-ordered
     * {@code SequencedMap<String, Object>} for OBJECT; the {@link JsFunctionHandle} for FUNCTION.
     *
     * @throws ValueLimitException for nesting deeper than {@link ValueLimits#MAX_DEPTH}
     */
    Object toJava();

    /**
     * Converts a plain Java value: null, FFIValue, Boolean, Byte/Short/Integer/Long,
     * Float/Double, BigInteger, BigDecimal (as FLOAT), CharSequence/Character, enum (its name),
     * byte[] / ByteBuffer, Instant / java.util.Date / ZonedDateTime / OffsetDateTime,
     * Optional, Map (keys via {@code String.valueOf}), Iterable, arrays, JsFunctionHandle.
     *
     * @throws IllegalArgumentException for another type or a cycle, naming the path ({@code $.a[2]})
     * @throws ValueLimitException      for nesting deeper than {@link ValueLimits#MAX_DEPTH}
     */
    static FFIValue fromJava(Object value) {
        return JavaValues.fromJava(value);
    }

    // ---- typed access (throws IllegalStateException naming the actual type) ------------

    default boolean asBoolean() {
        if (this instanceof BooleanValue(boolean b)) return b;
        throw mismatch(Type.BOOLEAN);
    }

    /** The INTEGER's value, or a FLOAT's value when it is integral and in range. */
    default long asLong() {
        return switch (this) {
            case IntegerValue(long l) -> l;
            case FloatValue(double d) when d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63 -> (long) d;
            default -> throw mismatch(Type.INTEGER);
        };
    }

    /** A FLOAT's or INTEGER's value as a double. */
    default double asDouble() {
        return switch (this) {
            case FloatValue(double d) -> d;
            case IntegerValue(long l) -> l;
            default -> throw mismatch(Type.FLOAT);
        };
    }

    default String asString() {
        if (this instanceof StringValue(String s)) return s;
        throw mismatch(Type.STRING);
    }

    /** An OBJECT's field, {@link #UNDEFINED} when absent (as in JS). */
    default FFIValue get(String key) {
        if (this instanceof ObjectValue(SequencedMap<String, FFIValue> fields)) {
            return fields.getOrDefault(key, UNDEFINED);
        }
        throw mismatch(Type.OBJECT);
    }

    /** An ARRAY's element, {@link #UNDEFINED} when out of range (as in JS). */
    default FFIValue get(int index) {
        if (this instanceof ArrayValue(List<FFIValue> elements)) {
            return index >= 0 && index < elements.size() ? elements.get(index) : UNDEFINED;
        }
        throw mismatch(Type.ARRAY);
    }

    private IllegalStateException mismatch(Type expected) {
        return new IllegalStateException("expected " + expected + " but the value is " + type() + ": " + this);
    }

    // ---- the records --------------------------------------------------------------------

    record Undefined() implements FFIValue {
        public Type type() { return Type.UNDEFINED; }
        public Object toJava() { return null; }
        @Override public String toString() { return "undefined"; }
    }

    record Null() implements FFIValue {
        public Type type() { return Type.NULL; }
        public Object toJava() { return null; }
        @Override public String toString() { return "null"; }
    }

    record BooleanValue(boolean value) implements FFIValue {
        public Type type() { return Type.BOOLEAN; }
        public Object toJava() { return value; }
        @Override public String toString() { return Boolean.toString(value); }
    }

    record IntegerValue(long value) implements FFIValue {
        public Type type() { return Type.INTEGER; }
        public Object toJava() { return value; }
        @Override public String toString() { return Long.toString(value); }
    }

    /** A JavaScript number that is not an integer fitting in a {@code long} (NaN, ±Infinity, -0 included). */
    record FloatValue(double value) implements FFIValue {
        public Type type() { return Type.FLOAT; }
        public Object toJava() { return value; }
        @Override public String toString() { return Double.toString(value); }
    }

    record StringValue(String value) implements FFIValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }
        public Type type() { return Type.STRING; }
        public Object toJava() { return value; }
        @Override public String toString() { return JsonWriter.describe(this); }
    }

    /** An array; its list is unmodifiable (a null element becomes {@link #NULL}). */
    record ArrayValue(List<FFIValue> elements) implements FFIValue {
        public ArrayValue {
            var copy = new FFIValue[elements.size()];
            int i = 0;
            for (var e : elements) {
                copy[i++] = e == null ? NULL : e;
            }
            elements = Collections.unmodifiableList(Arrays.asList(copy));
        }

        public Type type() { return Type.ARRAY; }

        public int size() { return elements.size(); }

        public Object toJava() { return JavaValues.toJava(this); }

        @Override public String toString() { return JsonWriter.describe(this); }
    }

    /** An object; its map is unmodifiable and keeps insertion order (a null value becomes {@link #NULL}). */
    record ObjectValue(SequencedMap<String, FFIValue> fields) implements FFIValue {
        public ObjectValue {
            var map = new LinkedHashMap<String, FFIValue>(Math.max(4, fields.size() * 4 / 3 + 1));
            fields.forEach((k, v) -> map.put(Objects.requireNonNull(k, "object key"), v == null ? NULL : v));
            fields = Collections.unmodifiableSequencedMap(map);
        }

        public Type type() { return Type.OBJECT; }

        public int size() { return fields.size(); }

        public Object toJava() { return JavaValues.toJava(this); }

        @Override public String toString() { return JsonWriter.describe(this); }
    }

    /** A callable handle; equal only to itself (identity of the handle). */
    record FunctionValue(JsFunctionHandle handle) implements FFIValue {
        public FunctionValue {
            Objects.requireNonNull(handle, "handle");
        }
        public Type type() { return Type.FUNCTION; }
        public Object toJava() { return handle; }
        /** Calls the function (see {@link JsFunctionHandle#call}). */
        public FFIValue call(FFIValue... args) { return handle.call(args); }
        @Override public String toString() { return "[function]"; }
    }

    /** Raw bytes of a typed array, DataView or ArrayBuffer; copied in and out, so immutable. */
    record BinaryDataValue(byte[] bytes, BinaryKind kind) implements FFIValue {
        public BinaryDataValue {
            Objects.requireNonNull(kind, "kind");
            bytes = bytes.clone();
            if (bytes.length % kind.bytesPerElement() != 0) {
                throw new IllegalArgumentException(kind.jsName() + " needs a byte length that is a multiple of "
                        + kind.bytesPerElement() + ", got " + bytes.length);
            }
        }

        /** A copy of the bytes. */
        @Override public byte[] bytes() { return bytes.clone(); }

        public int length() { return bytes.length; }

        public Type type() { return Type.BINARY_DATA; }

        public Object toJava() { return bytes.clone(); }

        @Override public boolean equals(Object o) {
            return o instanceof BinaryDataValue other && other.kind == kind && Arrays.equals(other.bytes, bytes);
        }

        @Override public int hashCode() { return 31 * kind.hashCode() + Arrays.hashCode(bytes); }

        @Override public String toString() {
            return kind.jsName() + "(" + bytes.length + " bytes) " + Base64.getEncoder().encodeToString(
                    bytes.length <= 48 ? bytes : Arrays.copyOf(bytes, 48)) + (bytes.length > 48 ? "..." : "");
        }
    }

    record BigIntValue(BigInteger value) implements FFIValue {
        public BigIntValue {
            Objects.requireNonNull(value, "value");
        }
        public Type type() { return Type.BIGINT; }
        public Object toJava() { return value; }
        @Override public String toString() { return value + "n"; }
    }

    /** A JavaScript Date: an instant with millisecond precision (finer parts are cut). */
    record DateValue(Instant value) implements FFIValue {
        public DateValue {
            value = value.truncatedTo(ChronoUnit.MILLIS);
        }
        public Type type() { return Type.DATE; }
        public Object toJava() { return value; }
        @Override public String toString() { return value.toString(); }
    }
}
