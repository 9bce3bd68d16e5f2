package dev.tocin.v8;

import com.caoccao.javet.enums.V8ValueReferenceType;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
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
import com.caoccao.javet.values.reference.V8ValueReference;
import com.caoccao.javet.values.reference.V8ValueSet;
import com.caoccao.javet.values.reference.V8ValueSymbol;
import com.caoccao.javet.values.reference.V8ValueTypedArray;
import dev.tocin.ffi.BinaryKind;
import dev.tocin.ffi.FFIValue;
import dev.tocin.ffi.JsFunctionHandle;
import dev.tocin.ffi.ValuePath;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Converts between Javet values and {@link FFIValue}s, on a runtime's loop thread only.
 *
 * <p>Our own walk rather than Javet's {@code toObject}, which loses key order and overflows
 * BigInt. The rules:
 * <ul>
 *   <li>numbers: an integral value that fits in a {@code long} is INTEGER (but {@code -0} is
 *       FLOAT), everything else FLOAT; going back, INTEGER is a JS number (exact up to 2^53,
 *       the nearest double beyond);</li>
 *   <li>BigInt is BIGINT (any size); Date is DATE; typed arrays, DataView and ArrayBuffer are
 *       BINARY_DATA (a copy of the viewed bytes, with the view kind);</li>
 *   <li>arrays are ARRAY (holes read as UNDEFINED); Set is ARRAY of its values; Map is OBJECT
 *       keyed by {@code String(key)}; Error is OBJECT {@code {name, message, stack}} plus its
 *       own enumerable fields; boxed primitives are their primitive; other objects are OBJECT
 *       of their own enumerable string keys in JS order ({@code Object.keys});</li>
 *   <li>functions are FUNCTION, through the {@link FunctionBinder} of their runtime;</li>
 *   <li>a Promise is an object like any other (its own enumerable keys, usually none, as
 *       {@code JSON.stringify} sees it): await it with {@code V8Runtime.awaitPromise} for its value;</li>
 *   <li>a Symbol is refused, as is a cycle or nesting deeper than {@value #MAX_DEPTH}: the
 *       error names the path, e.g. {@code $.a.b[2]}.</li>
 * </ul>
 */
public final class ValueConverter {
    /** Deeper values are refused rather than risking a StackOverflowError. */
    static final int MAX_DEPTH = 256;
    /** Elements fetched or pushed per native call for arrays. */
    private static final int BATCH = 4096;

    private static final Map<com.caoccao.javet.interop.V8Runtime, FunctionBinder> BINDERS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private ValueConverter() {
    }

    /**
     * Makes JS functions of {@code v8} convertible: {@link #toFFI} asks {@code binder} for a
     * handle (the runtime registers one bound to its loop when it starts).
     */
    static void bindFunctions(com.caoccao.javet.interop.V8Runtime v8, FunctionBinder binder) {
        BINDERS.put(v8, binder);
    }

    static void unbindFunctions(com.caoccao.javet.interop.V8Runtime v8) {
        BINDERS.remove(v8);
    }

    /**
     * The detached value of {@code v}; {@code v} stays open (the caller owns it).
     *
     * @throws IllegalArgumentException for a cycle, too deep nesting or a Symbol, naming the path
     */
    public static FFIValue toFFI(V8Value v) {
        try {
            return new ToFFI().convert(v, ValuePath.ROOT, 0);
        } catch (JavetException e) {
            throw new IllegalStateException("reading a JS value failed: " + e.getMessage(), e);
        }
    }

    /**
     * A new JS value for {@code v} in {@code v8}; the caller owns (closes) it.
     *
     * @throws IllegalArgumentException when a FUNCTION is bound to another runtime
     */
    public static V8Value toV8(com.caoccao.javet.interop.V8Runtime v8, FFIValue v) {
        try {
            return toV8(v8, v, ValuePath.ROOT, 0);
        } catch (JavetException e) {
            throw new IllegalStateException("creating a JS value failed: " + e.getMessage(), e);
        }
    }

    // ---- JS -> FFIValue -----------------------------------------------------------------

    /** One conversion: the objects on the current path, to detect cycles. */
    private static final class ToFFI {
        private final Map<Integer, List<V8ValueObject>> onPath = new java.util.HashMap<>();

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
                case V8ValueZonedDateTime date -> FFIValue.of(Instant.ofEpochMilli(date.toPrimitive()));
                case V8ValueSymbol s -> throw new IllegalArgumentException(
                        "a JS Symbol at " + path + " has no FFIValue form");
                case V8ValueFunction f -> function(f, path);
                case V8ValueTypedArray t -> binary(kindOf(t.getType(), path), t.getBuffer(), t.getByteOffset(),
                        t.getByteLength());
                case V8ValueDataView view -> binary(BinaryKind.DATA_VIEW, view.getBuffer(), view.getByteOffset(),
                        view.getByteLength());
                case V8ValueArrayBuffer buffer -> FFIValue.of(bytesOf(buffer, 0, buffer.getByteLength()),
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
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException("JS value nested deeper than " + MAX_DEPTH + " levels at " + path);
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
                    case V8ValueArray a -> array(a, path, depth);
                    case V8ValueSet s -> set(s, path, depth);
                    case V8ValueMap m -> map(m, path, depth);
                    case V8ValueError e -> error(e, path, depth);
                    default -> object(o, path, depth, new LinkedHashMap<>());
                };
            } finally {
                sameHash.removeLast();
                if (sameHash.isEmpty()) {
                    onPath.remove(hash);
                }
            }
        }

        private FFIValue array(V8ValueArray a, ValuePath path, int depth) throws JavetException {
            int length = a.getLength();
            var elements = new ArrayList<FFIValue>(length);
            var batch = new V8Value[Math.min(BATCH, Math.max(1, length))];
            for (int from = 0; from < length; from += batch.length) {
                int to = Math.min(length, from + batch.length);
                int got = a.batchGet(batch, from, to);
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

        private FFIValue map(V8ValueMap m, ValuePath path, int depth) throws JavetException {
            var fields = new LinkedHashMap<String, FFIValue>();
            m.forEach((V8Value key, V8Value value) -> {
                String name = key.toString();
                fields.put(name, convert(value, path.key(name), depth + 1));
            });
            return FFIValue.of(fields);
        }

        private FFIValue error(V8ValueError e, ValuePath path, int depth) throws JavetException {
            var fields = new LinkedHashMap<String, FFIValue>();
            fields.put("name", FFIValue.of(e.getString("name")));
            fields.put("message", FFIValue.of(e.getMessage()));
            fields.put("stack", FFIValue.of(e.getStack()));
            return object(e, path, depth, fields);
        }

        private FFIValue object(V8ValueObject o, ValuePath path, int depth, LinkedHashMap<String, FFIValue> fields)
                throws JavetException {
            try (var names = o.getOwnPropertyNames()) {
                int n = names.getLength();
                var keys = new V8Value[Math.min(BATCH, Math.max(1, n))];
                var values = new V8Value[keys.length];
                for (int from = 0; from < n; from += keys.length) {
                    int to = Math.min(n, from + keys.length);
                    int gotKeys = names.batchGet(keys, from, to);
                    int got = 0;
                    try {
                        got = o.batchGet(keys, values, gotKeys);
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

        private static FFIValue function(V8ValueFunction f, ValuePath path) throws JavetException {
            var binder = BINDERS.get(f.getV8Runtime());
            if (binder == null) {
                throw new IllegalArgumentException("a JS function at " + path
                        + " cannot be converted: its runtime has no function binder (is it a Tocin V8Runtime?)");
            }
            return FFIValue.of(binder.bind(f));
        }
    }

    private static FFIValue number(double d) {
        if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63 && !(d == 0 && 1 / d < 0)) {
            return FFIValue.of((long) d);
        }
        return FFIValue.of(d);
    }

    private static FFIValue binary(BinaryKind kind, V8ValueArrayBuffer buffer, int offset, int length)
            throws JavetException {
        try (buffer) {
            return FFIValue.of(bytesOf(buffer, offset, length), kind);
        }
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

    private static V8ValueReferenceType typedArrayType(BinaryKind kind) {
        return V8ValueReferenceType.valueOf(kind.jsName());
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

    // ---- FFIValue -> JS -----------------------------------------------------------------

    private static V8Value toV8(com.caoccao.javet.interop.V8Runtime v8, FFIValue v, ValuePath path, int depth)
            throws JavetException {
        if (depth >= MAX_DEPTH && (v instanceof FFIValue.ArrayValue || v instanceof FFIValue.ObjectValue)) {
            throw new IllegalArgumentException("FFIValue nested deeper than " + MAX_DEPTH + " levels at " + path);
        }
        return switch (v) {
            case FFIValue.Undefined u -> v8.createV8ValueUndefined();
            case FFIValue.Null n -> v8.createV8ValueNull();
            case FFIValue.BooleanValue(boolean b) -> v8.createV8ValueBoolean(b);
            case FFIValue.IntegerValue(long l) -> l == (int) l ? v8.createV8ValueInteger((int) l)
                    : v8.createV8ValueDouble(l);
            case FFIValue.FloatValue(double d) -> v8.createV8ValueDouble(d);
            case FFIValue.StringValue(String s) -> v8.createV8ValueString(s);
            case FFIValue.BigIntValue(BigInteger big) -> v8.createV8ValueBigInteger(big);
            case FFIValue.DateValue(Instant instant) -> v8.createV8ValueZonedDateTime(instant.toEpochMilli());
            case FFIValue.BinaryDataValue b -> binaryToV8(v8, b);
            case FFIValue.FunctionValue(JsFunctionHandle handle) -> functionToV8(v8, handle, path);
            case FFIValue.ArrayValue(List<FFIValue> elements) -> {
                var array = v8.createV8ValueArray();
                try {
                    var batch = new Object[Math.min(BATCH, Math.max(1, elements.size()))];
                    for (int from = 0; from < elements.size(); from += batch.length) {
                        int n = Math.min(batch.length, elements.size() - from);
                        var chunk = n == batch.length ? batch : new Object[n];
                        try {
                            for (int i = 0; i < n; i++) {
                                chunk[i] = toV8(v8, elements.get(from + i), path.index(from + i), depth + 1);
                            }
                            array.push(chunk);
                        } finally {
                            closeAll(chunk);
                        }
                    }
                    yield array;
                } catch (RuntimeException | JavetException e) {
                    array.close();
                    throw e;
                }
            }
            case FFIValue.ObjectValue(var fields) -> {
                var object = v8.createV8ValueObject();
                try {
                    var keysAndValues = new Object[2 * Math.min(BATCH, Math.max(1, fields.size()))];
                    int n = 0;
                    for (var e : fields.entrySet()) {
                        keysAndValues[n++] = e.getKey();
                        keysAndValues[n++] = toV8(v8, e.getValue(), path.key(e.getKey()), depth + 1);
                        if (n == keysAndValues.length) {
                            setAll(object, keysAndValues, n);
                            n = 0;
                        }
                    }
                    setAll(object, keysAndValues, n);
                    yield object;
                } catch (RuntimeException | JavetException e) {
                    object.close();
                    throw e;
                }
            }
        };
    }

    private static void setAll(V8ValueObject object, Object[] keysAndValues, int n) throws JavetException {
        var chunk = n == keysAndValues.length ? keysAndValues : java.util.Arrays.copyOf(keysAndValues, n);
        try {
            if (n > 0) {
                object.set(chunk);
            }
        } finally {
            closeAll(chunk);
            java.util.Arrays.fill(keysAndValues, null);
        }
    }

    private static void closeAll(Object[] values) {
        for (int i = 0; i < values.length; i++) {
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

    private static V8Value binaryToV8(com.caoccao.javet.interop.V8Runtime v8, FFIValue.BinaryDataValue b)
            throws JavetException {
        byte[] bytes = b.bytes();
        var buffer = v8.createV8ValueArrayBuffer(bytes.length);
        try {
            buffer.fromBytes(bytes);
            return switch (b.kind()) {
                case ARRAY_BUFFER -> {
                    var result = buffer;
                    buffer = null; // handed to the caller
                    yield result;
                }
                case DATA_VIEW -> v8.createV8ValueDataView(buffer);
                default -> {
                    try (V8ValueFunction ctor = v8.getGlobalObject().get(b.kind().jsName())) {
                        yield ctor.callAsConstructor(buffer);
                    }
                }
            };
        } finally {
            if (buffer != null) {
                buffer.close();
            }
        }
    }

    private static V8Value functionToV8(com.caoccao.javet.interop.V8Runtime v8, JsFunctionHandle handle,
                                        ValuePath path) throws JavetException {
        if (handle instanceof V8FunctionSource source) {
            V8ValueFunction f = source.v8Function(v8);
            if (f == null) {
                throw new IllegalArgumentException("the JS function at " + path
                        + " belongs to another runtime; call it from Java instead of passing it across runtimes");
            }
            return f;
        }
        IJavetDirectCallable.NoThisAndResult<Exception> call = args -> javaCall(v8, handle, args);
        return v8.createV8ValueFunction(new JavetCallbackContext(
                "javaFunction", JavetCallbackType.DirectCallNoThisAndResult, call));
    }

    /** A Java function called from JS: a Java exception becomes a thrown JS Error. */
    private static V8Value javaCall(com.caoccao.javet.interop.V8Runtime v8, JsFunctionHandle handle, V8Value[] args)
            throws JavetException {
        FFIValue result;
        try {
            var converted = new FFIValue[args == null ? 0 : args.length];
            for (int i = 0; i < converted.length; i++) {
                converted[i] = toFFI(args[i]);
            }
            result = handle.call(converted);
        } catch (RuntimeException e) {
            try (V8ValueError error = JsErrors.fromJava(v8, e)) {
                v8.throwError(error);
            }
            return v8.createV8ValueUndefined();
        }
        return toV8(v8, result == null ? FFIValue.UNDEFINED : result);
    }
}
