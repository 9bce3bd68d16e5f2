package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueDouble;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.reference.V8ValueArray;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.ffi.ValueLimits;

/**
 * Reads one level of a JS object with JS code that catches every exception, for objects whose
 * reading runs user code that may throw: a Proxy (its {@code ownKeys}/{@code get} traps; a revoked
 * one throws on any access) or an object whose getter threw during the fast native read. Javet's
 * native {@code getOwnPropertyNames} does not check for an exception and V8 aborts the process
 * when a trap throws there, so a Proxy is never read natively.
 *
 * <p>One instance per conversion (the helper function is compiled on first use and closed with
 * the conversion). Loop thread only.
 */
final class GuardedReader implements AutoCloseable {
    /**
     * Returns [0, elements] for an array (a copy, holes read as undefined), [1, [k0, v0, k1, v1...]]
     * for another object (own enumerable string keys, as Object.keys; in mode 1, an Error's name,
     * message and stack first; in mode 2, a Map's entries keyed by String(key)), [2, description,
     * key] when something threw (key: where, or undefined), [3, length] for an array longer than
     * maxLength. Keys are always strings (String() runs here, inside the try, never in Java).
     * Describing the thrown value may throw again (a Proxy as the thrown value), hence the
     * nested fallbacks.
     */
    private static final String SOURCE = """
            (function (value, maxLength, mode) {
              let at;
              function describe(e) {
                try {
                  return e instanceof Error ? e.name + ": " + e.message : typeof e === "symbol" ? e.toString() : String(e);
                } catch (_) {
                  try {
                    return Object.prototype.toString.call(e);
                  } catch (_) {
                    return "a value that cannot be printed";
                  }
                }
              }
              try {
                if (Array.isArray(value)) {
                  const length = value.length;
                  if (typeof length !== "number" || !(length >= 0) || length !== Math.floor(length)) {
                    return [2, "its length is not a valid array length", "length"];
                  }
                  if (length > maxLength) return [3, length];
                  const copy = new Array(length);
                  for (let i = 0; i < length; i++) { at = i; copy[i] = value[i]; }
                  return [0, copy];
                }
                const flat = [];
                if (mode === 2) {
                  for (const [key, v] of Map.prototype.entries.call(value)) {
                    at = undefined;
                    const k = String(key);
                    at = k;
                    flat.push(k, v);
                  }
                  return [1, flat];
                }
                if (mode === 1) {
                  for (const key of ["name", "message", "stack"]) { at = key; flat.push(key, value[key]); }
                }
                at = undefined;
                const keys = Object.keys(value);
                for (const key of keys) {
                  at = undefined;
                  const k = String(key);
                  at = k;
                  flat.push(k, value[k]);
                }
                return [1, flat];
              } catch (e) {
                return [2, describe(e), at];
              }
            })""";

    /** How to read the value: its own fields, an Error's fields too, or a Map's entries. */
    enum Mode { PLAIN, ERROR, MAP }

    /** What the helper found. */
    sealed interface Outcome {
        /** An array's elements (the caller closes it). */
        record Elements(V8ValueArray elements) implements Outcome {
        }

        /** An object's keys and values, alternating (the caller closes it). */
        record Fields(V8ValueArray keysAndValues) implements Outcome {
        }

        /** Reading threw {@code description}; {@code key} is the key or index being read, or null. */
        record Failed(String description, Object key) implements Outcome {
        }

        /** An array longer than {@link ValueLimits#MAX_ARRAY_LENGTH}. */
        record TooLong(double length) implements Outcome {
        }
    }

    private final IV8Creatable v8;
    private V8ValueFunction helper;

    /** {@code v8}: the isolate of the values read, as the runtime of a value gives it ({@code getV8Runtime()}). */
    GuardedReader(IV8Creatable v8) {
        this.v8 = v8;
    }

    /** Reads {@code value}'s elements, own enumerable fields (an Error's name, message, stack first) or entries. */
    Outcome read(V8ValueObject value, Mode mode) throws JavetException {
        if (helper == null) {
            // A value knows its isolate's runtime; the converter that reads it has nothing else.
            helper = value.getV8Runtime().getExecutor(SOURCE).setResourceName("tocin:guarded-reader").execute();
        }
        try (V8ValueArray result = helper.call(null, value, v8.createV8ValueInteger(ValueLimits.MAX_ARRAY_LENGTH),
                v8.createV8ValueInteger(mode.ordinal()))) {
            int kind = result.getInteger(0);
            return switch (kind) {
                case 0 -> new Outcome.Elements(result.get(1));
                case 1 -> new Outcome.Fields(result.get(1));
                case 2 -> {
                    try (V8Value key = result.get(2)) {
                        yield new Outcome.Failed(result.getString(1), switch (key) {
                            case V8ValueInteger i -> (long) i.getValue();
                            case V8ValueString s -> s.getValue();
                            default -> null;
                        });
                    }
                }
                case 3 -> {
                    try (V8Value length = result.get(1)) {
                        yield new Outcome.TooLong(length instanceof V8ValueInteger i ? i.getValue()
                                : ((V8ValueDouble) length).getValue());
                    }
                }
                default -> throw new IllegalStateException("guarded reader returned kind " + kind);
            };
        }
    }

    @Override
    public void close() throws JavetException {
        if (helper != null) {
            helper.close();
        }
    }
}
