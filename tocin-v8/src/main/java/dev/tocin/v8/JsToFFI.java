package dev.tocin.v8;

import com.caoccao.javet.enums.V8ValueReferenceType;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetExecutionException;
import com.caoccao.javet.values.IV8ValuePrimitiveObject;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueBigInteger;
import com.caoccao.javet.values.primitive.V8ValueBoolean;
import com.caoccao.javet.values.primitive.V8ValueDouble;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.primitive.V8ValueLong;
import com.caoccao.javet.values.primitive.V8ValueNull;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.primitive.V8ValueUndefined;
import com.caoccao.javet.values.primitive.V8ValueZonedDateTime;
import com.caoccao.javet.values.reference.V8ValueArray;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueDataView;
import com.caoccao.javet.values.reference.V8ValueError;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueMap;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValueProxy;
import com.caoccao.javet.values.reference.V8ValueReference;
import com.caoccao.javet.values.reference.V8ValueSet;
import com.caoccao.javet.values.reference.V8ValueSymbol;
import com.caoccao.javet.values.reference.V8ValueTypedArray;
import dev.tocin.ffi.BinaryKind;
import dev.tocin.ffi.FFIValue;
import dev.tocin.ffi.ValueLimitException;
import dev.tocin.ffi.ValueLimits;
import dev.tocin.ffi.ValuePath;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One conversion of a JS value to an {@link FFIValue} (the rules are on {@link ValueConverter}):
 * the objects on the current path, to detect cycles, and the {@link GuardedReader} for values
 * whose reading runs user code.
 */
final class JsToFFI implements AutoCloseable {
    private static final int BATCH = ValueConverter.BATCH;

    private final Map<Integer, List<V8ValueObject>> onPath = new java.util.HashMap<>();
    private GuardedReader guarded;

    @Override
    public void close() throws JavetException {
        if (guarded != null) {
            guarded.close();
        }
    }

    FFIValue convert(V8Value v, ValuePath path, int depth) throws JavetException {
        return switch (v) {
            case null -> FFIValue.UNDEFINED;
            case V8ValueUndefined u -> FFIValue.UNDEFINED;
            case V8ValueNull n -> FFIValue.NULL;
            case V8ValueBoolean b -> FFIValue.of(b.getValue());
            case V8ValueInteger i -> FFIValue.of(i.getValue());
            case V8ValueDouble d -> number(d.getValue());
            case V8ValueString s -> FFIValue.of(s.getValue());
            case V8ValueLong l -> FFIValue.of(BigInteger.valueOf(l.getValue()));
            case V8ValueBigInteger big -> FFIValue.of(big.getValue());
            case V8ValueZonedDateTime date -> date(date.toPrimitive());
            case V8ValueSymbol s -> throw new IllegalArgumentException(
                    "a JS Symbol at " + path + " has no FFIValue form");
            case V8ValueFunction f -> function(f, path);
            case V8ValueTypedArray t -> binary(kindOf(t.getType(), path), t, t::getBuffer, path);
            case V8ValueDataView view -> binary(BinaryKind.DATA_VIEW, view, view::getBuffer, path);
            case V8ValueArrayBuffer buffer -> FFIValue.of(
                    bytesOf(buffer, 0, binaryLength(buffer, "byteLength", BinaryKind.ARRAY_BUFFER, path)),
                    BinaryKind.ARRAY_BUFFER);
            case IV8ValuePrimitiveObject<?> boxed -> {
                try (V8Value primitive = boxed.valueOf()) {
                    yield convert(primitive, path, depth);
                }
            }
            case V8ValueObject o -> container(o, path, depth);
            default -> throw new IllegalArgumentException("a JS " + v.getClass().getSimpleName() + " at " + path
                    + " has no FFIValue form");
        };
    }

    private FFIValue container(V8ValueObject o, ValuePath path, int depth) throws JavetException {
        if (depth >= ValueLimits.MAX_DEPTH) {
            throw ValueLimitException.tooDeep(path, "a JS " + describe(o));
        }
        int hash = o.getIdentityHash();
        var sameHash = onPath.computeIfAbsent(hash, h -> new ArrayList<>(1));
        for (var ancestor : sameHash) {
            if (ancestor.strictEquals(o)) {
                throw new IllegalArgumentException("cycle: the JS object at " + path
                        + " contains itself (it is also at an enclosing level); FFIValue holds trees only");
            }
        }
        sameHash.add(o);
        try {
            return switch (o) {
                // A Proxy's traps may throw: never read it natively.
                case V8ValueProxy p -> guarded(p, path, depth, GuardedReader.Mode.PLAIN);
                case V8ValueArray a -> array(a, path, depth, false);
                case V8ValueSet s -> set(s, path, depth);
                case V8ValueMap m -> map(m, path, depth);
                case V8ValueError e -> error(e, path, depth);
                default -> object(o, path, depth, new LinkedHashMap<>(), false);
            };
        } finally {
            sameHash.removeLast();
            if (sameHash.isEmpty()) {
                onPath.remove(hash);
            }
        }
    }

    /**
     * The elements of {@code a}; {@code copy} when it is {@link GuardedReader}'s copy, which is
     * not read again through the reader if reading it throws (a getter a program put on
     * {@code Array.prototype} can still reach a copy's hole).
     */
    private FFIValue array(V8ValueArray a, ValuePath path, int depth, boolean copy) throws JavetException {
        int length = a.getLength();
        if (length < 0 || length > ValueLimits.MAX_ARRAY_LENGTH) {
            // getLength() is JS's uint32 length in an int: 2^31 and beyond come out negative.
            throw tooLong(path, Integer.toUnsignedLong(length));
        }
        var elements = new ArrayList<FFIValue>(length);
        var batch = new V8Value[Math.min(BATCH, Math.max(1, length))];
        var indexes = new V8Value[batch.length];
        for (int from = 0; from < length; from += batch.length) {
            int to = Math.min(length, from + batch.length);
            int got;
            try {
                got = readChecked(a, indexes, batch, from, to);
            } catch (JavetExecutionException e) {
                if (copy) {
                    throw copyUnreadable(path, e);
                }
                return guarded(a, path, depth, GuardedReader.Mode.PLAIN); // a getter threw: find which, safely
            }
            try {
                for (int i = 0; i < got; i++) {
                    elements.add(convert(batch[i], path.index(from + i), depth + 1));
                }
            } finally {
                closeAll(batch, got);
            }
        }
        return FFIValue.of(elements);
    }

    private FFIValue set(V8ValueSet s, ValuePath path, int depth) throws JavetException {
        var elements = new ArrayList<FFIValue>(s.getSize());
        s.forEach((V8Value value) -> elements.add(convert(value, path.index(elements.size()), depth + 1)));
        return FFIValue.of(elements);
    }

    /** Through {@link GuardedReader}: {@code String(key)} of an object key runs user code (toString, Proxy traps). */
    private FFIValue map(V8ValueMap m, ValuePath path, int depth) throws JavetException {
        return guarded(m, path, depth, GuardedReader.Mode.MAP);
    }

    private FFIValue error(V8ValueError e, ValuePath path, int depth) throws JavetException {
        var fields = new LinkedHashMap<String, FFIValue>();
        try {
            fields.put("name", FFIValue.of(e.getString("name")));
            fields.put("message", FFIValue.of(e.getMessage()));
            fields.put("stack", FFIValue.of(e.getStack()));
        } catch (JavetExecutionException | ClassCastException notPlain) {
            // A getter threw, or name/message/stack is not a string: read them as values, safely.
            return guarded(e, path, depth, GuardedReader.Mode.ERROR);
        }
        return object(e, path, depth, fields, true);
    }

    private FFIValue object(V8ValueObject o, ValuePath path, int depth, LinkedHashMap<String, FFIValue> fields,
                            boolean isError) throws JavetException {
        try (var names = o.getOwnPropertyNames()) {
            int n = names.getLength();
            var keys = new V8Value[Math.min(BATCH, Math.max(1, n))];
            var values = new V8Value[keys.length];
            for (int from = 0; from < n; from += keys.length) {
                int to = Math.min(n, from + keys.length);
                int gotKeys = names.batchGet(keys, from, to);
                int got = 0;
                try {
                    try {
                        got = o.batchGet(keys, values, gotKeys);
                    } catch (JavetExecutionException e) {
                        // A getter threw: find which, safely.
                        return guarded(o, path, depth, isError ? GuardedReader.Mode.ERROR : GuardedReader.Mode.PLAIN);
                    }
                    for (int i = 0; i < got; i++) {
                        String key = keys[i].toString();
                        fields.put(key, convert(values[i], path.key(key), depth + 1));
                    }
                } finally {
                    closeAll(keys, gotKeys);
                    closeAll(values, got);
                }
            }
        }
        return FFIValue.of(fields);
    }

    /**
     * Reads {@code o} through {@link GuardedReader}, for a Proxy or after a getter threw: the
     * same result as the native walk, or an error naming the path and what was thrown.
     */
    private FFIValue guarded(V8ValueObject o, ValuePath path, int depth, GuardedReader.Mode mode)
            throws JavetException {
        if (guarded == null) {
            guarded = new GuardedReader(o.getV8Runtime());
        }
        return switch (guarded.read(o, mode)) {
            case GuardedReader.Outcome.Elements(var elements) -> {
                try (elements) {
                    yield array(elements, path, depth, true);
                }
            }
            case GuardedReader.Outcome.Fields(var keysAndValues) -> {
                try (keysAndValues) {
                    yield fields(keysAndValues, path, depth);
                }
            }
            case GuardedReader.Outcome.Failed(String thrown, Object key) -> throw new IllegalArgumentException(
                    "cannot read the JS " + describe(o) + " at " + path + ": reading "
                            + (key == null ? "it" : key instanceof Long i ? path.index(i) : path.key((String) key))
                            + " threw " + thrown + " (a getter or Proxy trap that throws, or a revoked Proxy)");
            case GuardedReader.Outcome.TooLong(double length) -> throw tooLong(path, (long) length);
        };
    }

    /** An OBJECT from alternating keys and values (a plain array made by {@link GuardedReader}). */
    private FFIValue fields(V8ValueArray keysAndValues, ValuePath path, int depth) throws JavetException {
        var fields = new LinkedHashMap<String, FFIValue>();
        int n = keysAndValues.getLength();
        var batch = new V8Value[Math.min(BATCH, Math.max(2, n))];
        var indexes = new V8Value[batch.length];
        for (int from = 0; from < n; from += batch.length) {
            int got;
            try {
                got = readChecked(keysAndValues, indexes, batch, from, Math.min(n, from + batch.length));
            } catch (JavetExecutionException e) {
                throw copyUnreadable(path, e);
            }
            try {
                for (int i = 0; i + 1 < got; i += 2) {
                    // The reader made every key a string: no toString() of a JS object runs here.
                    if (!(batch[i] instanceof V8ValueString key)) {
                        throw new IllegalArgumentException("cannot read the JS value at " + path
                                + ": its keys came back altered (a setter or getter on Array.prototype?)");
                    }
                    fields.put(key.getValue(), convert(batch[i + 1], path.key(key.getValue()), depth + 1));
                }
            } finally {
                closeAll(batch, got);
            }
        }
        return FFIValue.of(fields);
    }

    /**
     * Elements {@code from..to} of {@code a} into {@code into}: Javet's array batchGet does not check
     * for an exception, and an index getter (own, or on the prototype chain for a hole) can
     * throw, so this goes through the checked object batchGet with integer keys.
     */
    private static int readChecked(V8ValueArray a, V8Value[] indexes, V8Value[] into, int from, int to)
            throws JavetException {
        for (int i = from; i < to; i++) {
            indexes[i - from] = a.getV8Runtime().createV8ValueInteger(i);
        }
        return a.batchGet(indexes, into, to - from);
    }

    private static IllegalArgumentException copyUnreadable(ValuePath path, JavetExecutionException e) {
        return new IllegalArgumentException("cannot read the JS value at " + path
                + ": reading the copy made of it threw " + e.getMessage() + " (a getter on Array.prototype?)", e);
    }

    private static FFIValue function(V8ValueFunction f, ValuePath path) throws JavetException {
        var binder = ValueConverter.binder(f.getV8Runtime());
        if (binder == null) {
            throw new IllegalArgumentException("a JS function at " + path
                    + " cannot be converted: its runtime has no function binder (is it a Tocin V8Runtime?)");
        }
        return FFIValue.of(binder.bind(f));
    }

    /** What a JS object is, for messages. */
    private static String describe(V8ValueObject o) {
        return switch (o) {
            case V8ValueProxy p -> "Proxy";
            case V8ValueArray a -> "array";
            case V8ValueMap m -> "Map";
            case V8ValueError e -> "Error";
            default -> "object";
        };
    }

    private static ValueLimitException tooLong(ValuePath path, long length) {
        return new ValueLimitException("MAX_ARRAY_LENGTH", ValueLimits.MAX_ARRAY_LENGTH, path.toString(),
                "a JS array of length " + length + " (holes count: refuse it, or pass a dense copy or a typed array)");
    }

    /**
     * A Date's time value in milliseconds; an invalid Date (time value NaN) arrives from Javet as
     * a value outside the Date range ({@code Long.MIN_VALUE}) and becomes NULL, as
     * {@code JSON.stringify} writes it.
     */
    private static FFIValue date(long millis) {
        return millis >= -ValueLimits.MAX_DATE_MILLIS && millis <= ValueLimits.MAX_DATE_MILLIS
                ? FFIValue.of(Instant.ofEpochMilli(millis)) : FFIValue.NULL;
    }

    private static FFIValue number(double d) {
        if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63 && !(d == 0 && 1 / d < 0)) {
            return FFIValue.of((long) d);
        }
        return FFIValue.of(d);
    }

    /** The bytes a typed array or DataView sees, lengths checked before Javet maps the buffer. */
    private static FFIValue binary(BinaryKind kind, V8ValueObject view, BufferGetter getBuffer, ValuePath path)
            throws JavetException {
        int length = binaryLength(view, "byteLength", kind, path);
        int offset = binaryLength(view, "byteOffset", kind, path);
        V8ValueArrayBuffer buffer;
        try {
            buffer = getBuffer.get();
        } catch (IllegalArgumentException tooLarge) {
            // Javet maps the whole buffer as a direct ByteBuffer, which holds at most 2^31-1 bytes.
            throw new ValueLimitException("MAX_BINARY_LENGTH", ValueLimits.MAX_BINARY_LENGTH, path.toString(),
                    "a " + kind.jsName() + " over an ArrayBuffer larger than 2^31-1 bytes (" + tooLarge.getMessage()
                            + "); pass a copy of the viewed bytes, e.g. view.slice()");
        }
        try (buffer) {
            return FFIValue.of(bytesOf(buffer, offset, length), kind);
        }
    }

    @FunctionalInterface
    private interface BufferGetter {
        V8ValueArrayBuffer get() throws JavetException;
    }

    /** {@code view.byteLength} or {@code view.byteOffset}, checked against {@link ValueLimits#MAX_BINARY_LENGTH}. */
    private static int binaryLength(V8ValueObject view, String property, BinaryKind kind, ValuePath path)
            throws JavetException {
        double n;
        try (V8Value v = view.get(property)) {
            n = switch (v) {
                case V8ValueInteger i -> i.getValue();
                case V8ValueDouble d -> d.getValue();
                default -> throw new IllegalArgumentException("the " + kind.jsName() + " at " + path + " has a "
                        + property + " that is not a number: " + v);
            };
        } catch (JavetExecutionException e) {
            throw new IllegalArgumentException("cannot read the " + property + " of the " + kind.jsName() + " at "
                    + path + ": " + e.getMessage(), e);
        }
        if (n > ValueLimits.MAX_BINARY_LENGTH) {
            throw new ValueLimitException("MAX_BINARY_LENGTH", ValueLimits.MAX_BINARY_LENGTH, path.toString(),
                    "a " + kind.jsName() + " with a " + property + " of " + (long) n + " bytes");
        }
        if (!(n >= 0) || n != Math.rint(n)) {
            throw new IllegalArgumentException("the " + kind.jsName() + " at " + path + " has an invalid "
                    + property + ": " + n);
        }
        return (int) n;
    }

    private static byte[] bytesOf(V8ValueArrayBuffer buffer, int offset, int length) {
        var bytes = new byte[length];
        ByteBuffer view = buffer.getByteBuffer();
        if (length > 0) {
            view.get(offset, bytes, 0, length);
        }
        return bytes;
    }

    private static BinaryKind kindOf(V8ValueReferenceType type, ValuePath path) {
        return switch (type) {
            case Int8Array -> BinaryKind.INT8_ARRAY;
            case Uint8Array -> BinaryKind.UINT8_ARRAY;
            case Uint8ClampedArray -> BinaryKind.UINT8_CLAMPED_ARRAY;
            case Int16Array -> BinaryKind.INT16_ARRAY;
            case Uint16Array -> BinaryKind.UINT16_ARRAY;
            case Float16Array -> BinaryKind.FLOAT16_ARRAY;
            case Int32Array -> BinaryKind.INT32_ARRAY;
            case Uint32Array -> BinaryKind.UINT32_ARRAY;
            case Float32Array -> BinaryKind.FLOAT32_ARRAY;
            case Float64Array -> BinaryKind.FLOAT64_ARRAY;
            case BigInt64Array -> BinaryKind.BIGINT64_ARRAY;
            case BigUint64Array -> BinaryKind.BIGUINT64_ARRAY;
            default -> throw new IllegalArgumentException("unknown typed array " + type + " at " + path);
        };
    }

    private static void closeAll(V8Value[] values, int n) {
        for (int i = 0; i < n; i++) {
            if (values[i] instanceof V8ValueReference ref) {
                try {
                    ref.close();
                } catch (JavetException e) {
                    throw new IllegalStateException("closing a JS reference failed: " + e.getMessage(), e);
                }
            }
            values[i] = null;
        }
    }
}
