package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValueReference;
import dev.tocin.ffi.FFIValue;
import dev.tocin.ffi.JsFunctionHandle;
import dev.tocin.ffi.ValueLimitException;
import dev.tocin.ffi.ValueLimits;
import dev.tocin.ffi.ValuePath;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
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
 *   <li>BigInt is BIGINT (any size JS allows); a valid Date is DATE; typed arrays, DataView and ArrayBuffer are
 *       BINARY_DATA (a copy of the viewed bytes, with the view kind);</li>
 *   <li>arrays are ARRAY (holes read as UNDEFINED); Set is ARRAY of its values; Map is OBJECT
 *       keyed by {@code String(key)}; Error is OBJECT {@code {name, message, stack}} plus its
 *       own enumerable fields; boxed primitives are their primitive; other objects are OBJECT
 *       of their own enumerable string keys in JS order ({@code Object.keys});</li>
 *   <li>functions are FUNCTION, through the {@link FunctionBinder} of their runtime;</li>
 *   <li>a Promise is an object like any other (its own enumerable keys, usually none, as
 *       {@code JSON.stringify} sees it): await it with {@code V8Runtime.awaitPromise} for its value;</li>
 *   <li>a Proxy, and a Map (an object key runs user code in {@code String(key)}), are read
 *       through JS that catches every exception (a Proxy's traps run: own enumerable keys and
 *       their values, or the elements of a proxied array); a getter or trap that throws, or a
 *       revoked Proxy, is an IllegalArgumentException naming the path and what was thrown,
 *       never a native read that V8 cannot recover from;</li>
 *   <li>an invalid Date (time value NaN) is NULL, as {@code JSON.stringify} writes it;</li>
 *   <li>a Symbol is refused, as is a cycle: the error names the path, e.g. {@code $.a.b[2]};
 *       the {@link dev.tocin.ffi.ValueLimits} (nesting, array length, binary length, and going
 *       to JS string length, BigInt size, Date range) throw a
 *       {@link dev.tocin.ffi.ValueLimitException}.</li>
 * </ul>
 */
public final class ValueConverter {
    /** Elements fetched or pushed per native call for arrays. */
    static final int BATCH = 4096;
    private static final Instant MIN_DATE = Instant.ofEpochMilli(-ValueLimits.MAX_DATE_MILLIS);
    private static final Instant MAX_DATE = Instant.ofEpochMilli(ValueLimits.MAX_DATE_MILLIS);

    private static final Map<IV8Creatable, FunctionBinder> BINDERS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private ValueConverter() {
    }

    /**
     * Makes JS functions of {@code v8} convertible: {@link #toFFI} asks {@code binder} for a
     * handle (the runtime registers one bound to its loop when it starts).
     */
    static void bindFunctions(IV8Creatable v8, FunctionBinder binder) {
        BINDERS.put(v8, binder);
    }

    static void unbindFunctions(IV8Creatable v8) {
        BINDERS.remove(v8);
    }

    /** The binder of {@code v8}'s functions, or null if it has none. */
    static FunctionBinder binder(IV8Creatable v8) {
        return BINDERS.get(v8);
    }

    /**
     * The detached value of {@code v}; {@code v} stays open (the caller owns it).
     *
     * @throws IllegalArgumentException for a cycle, too deep nesting or a Symbol, naming the path
     */
    public static FFIValue toFFI(V8Value v) {
        try (var conversion = new JsToFFI()) {
            return conversion.convert(v, ValuePath.ROOT, 0);
        } catch (JavetException e) {
            throw new IllegalStateException("reading a JS value failed: " + e.getMessage(), e);
        }
    }

    /**
     * A new JS value for {@code v} in {@code v8}; the caller owns (closes) it.
     *
     * @throws IllegalArgumentException when a FUNCTION is bound to another runtime
     */
    public static V8Value toV8(IV8Creatable v8, FFIValue v) {
        try {
            return toV8(v8, v, ValuePath.ROOT, 0);
        } catch (JavetException e) {
            throw new IllegalStateException("creating a JS value failed: " + e.getMessage(), e);
        }
    }


    // ---- FFIValue -> JS -----------------------------------------------------------------

    private static V8Value toV8(IV8Creatable v8, FFIValue v, ValuePath path, int depth)
            throws JavetException {
        if (depth >= ValueLimits.MAX_DEPTH && (v instanceof FFIValue.ArrayValue || v instanceof FFIValue.ObjectValue)) {
            throw ValueLimitException.tooDeep(path, "an FFIValue " + v.type());
        }
        return switch (v) {
            case FFIValue.Undefined u -> v8.createV8ValueUndefined();
            case FFIValue.Null n -> v8.createV8ValueNull();
            case FFIValue.BooleanValue(boolean b) -> v8.createV8ValueBoolean(b);
            case FFIValue.IntegerValue(long l) -> l == (int) l ? v8.createV8ValueInteger((int) l)
                    : v8.createV8ValueDouble(l);
            case FFIValue.FloatValue(double d) -> v8.createV8ValueDouble(d);
            case FFIValue.StringValue(String s) -> {
                if (s.length() >= ValueLimits.MAX_JS_STRING_LENGTH) { // V8 would abort the process
                    throw new ValueLimitException("MAX_JS_STRING_LENGTH", ValueLimits.MAX_JS_STRING_LENGTH,
                            path.toString(), "a STRING of " + s.length() + " characters");
                }
                yield v8.createV8ValueString(s);
            }
            case FFIValue.BigIntValue(BigInteger big) -> {
                if (big.bitLength() > ValueLimits.MAX_BIGINT_BITS) {
                    throw new ValueLimitException("MAX_BIGINT_BITS", ValueLimits.MAX_BIGINT_BITS, path.toString(),
                            "a BIGINT of " + big.bitLength() + " bits");
                }
                yield v8.createV8ValueBigInteger(big);
            }
            case FFIValue.DateValue(Instant instant) -> {
                if (instant.isBefore(MIN_DATE) || instant.isAfter(MAX_DATE)) {
                    throw new ValueLimitException("MAX_DATE_MILLIS", ValueLimits.MAX_DATE_MILLIS, path.toString(),
                            "a DATE (" + instant + ") outside the JS Date range of +-" + ValueLimits.MAX_DATE_MILLIS
                                    + " ms from 1970");
                }
                yield v8.createV8ValueZonedDateTime(instant.toEpochMilli());
            }
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

    private static V8Value binaryToV8(IV8Creatable v8, FFIValue.BinaryDataValue b)
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
                    try (V8ValueFunction ctor = buffer.getV8Runtime().getGlobalObject().get(b.kind().jsName())) {
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

    private static V8Value functionToV8(IV8Creatable v8, JsFunctionHandle handle,
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
    private static V8Value javaCall(IV8Creatable v8, JsFunctionHandle handle, V8Value[] args)
            throws JavetException {
        FFIValue result;
        try {
            var converted = new FFIValue[args == null ? 0 : args.length];
            for (int i = 0; i < converted.length; i++) {
                converted[i] = toFFI(args[i]);
            }
            result = handle.call(converted);
        } catch (RuntimeException e) {
            return JsErrors.throwInJs(v8, e);
        }
        return toV8(v8, result == null ? FFIValue.UNDEFINED : result);
    }
}
