package dev.tocin.ffi;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link FFIValue#fromJava(Object)} and {@link FFIValue#toJava()} of containers: plain Java objects
 * to values and back, with paths in errors, cycle detection and the {@link ValueLimits#MAX_DEPTH} bound.
 */
final class JavaValues {
    /** Containers on the current path: a container met again below itself is a cycle. */
    private final Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());

    private JavaValues() {
    }

    static FFIValue fromJava(Object value) {
        return new JavaValues().convert(value, ValuePath.ROOT, 0);
    }

    /** The plain Java form of {@code value} (see {@link FFIValue#toJava()}). */
    static Object toJava(FFIValue value) {
        return toJava(value, ValuePath.ROOT, 0);
    }

    private static Object toJava(FFIValue value, ValuePath path, int depth) {
        return switch (value) {
            case FFIValue.ArrayValue(var elements) -> {
                checkDepth(path, depth, "an ARRAY");
                var list = new ArrayList<>(elements.size());
                for (int i = 0; i < elements.size(); i++) {
                    list.add(toJava(elements.get(i), path.index(i), depth + 1));
                }
                yield Collections.unmodifiableList(list);
            }
            case FFIValue.ObjectValue(var fields) -> {
                checkDepth(path, depth, "an OBJECT");
                var map = new LinkedHashMap<String, Object>(Math.max(4, fields.size() * 4 / 3 + 1));
                fields.forEach((k, v) -> map.put(k, toJava(v, path.key(k), depth + 1)));
                yield Collections.unmodifiableSequencedMap(map);
            }
            default -> value.toJava();
        };
    }

    /** {@code depth} containers enclose the one at {@code path}. */
    private static void checkDepth(ValuePath path, int depth, String what) {
        if (depth >= ValueLimits.MAX_DEPTH) {
            throw ValueLimitException.tooDeep(path, what);
        }
    }

    private FFIValue convert(Object value, ValuePath path, int depth) {
        return switch (value) {
            case null -> FFIValue.NULL;
            case FFIValue v -> v;
            case Boolean b -> FFIValue.of(b);
            case Byte b -> FFIValue.of(b);
            case Short s -> FFIValue.of(s);
            case Integer i -> FFIValue.of(i);
            case Long l -> FFIValue.of(l);
            case Float f -> FFIValue.of(f);
            case Double d -> FFIValue.of(d);
            case BigInteger big -> FFIValue.of(big);
            case BigDecimal dec -> FFIValue.of(dec.doubleValue());
            case CharSequence cs -> FFIValue.of(cs.toString());
            case Character c -> FFIValue.of(c.toString());
            case Enum<?> e -> FFIValue.of(e.name());
            case byte[] bytes -> FFIValue.of(bytes);
            case ByteBuffer buffer -> {
                var bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                yield FFIValue.of(bytes);
            }
            case Instant instant -> FFIValue.of(instant);
            case java.util.Date date -> FFIValue.of(date.toInstant());
            case ZonedDateTime zoned -> FFIValue.of(zoned.toInstant());
            case OffsetDateTime offset -> FFIValue.of(offset.toInstant());
            case Optional<?> optional -> {
                // Counted as a level: a chain of Optionals must not overflow the stack either.
                checkDepth(path, depth, "a java.util.Optional");
                yield optional.isPresent() ? convert(optional.get(), path, depth + 1) : FFIValue.NULL;
            }
            case JsFunctionHandle handle -> FFIValue.of(handle);
            case Map<?, ?> map -> container(map, path, depth, () -> {
                var fields = new LinkedHashMap<String, FFIValue>();
                for (var e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    fields.put(key, convert(e.getValue(), path.key(key), depth + 1));
                }
                return new FFIValue.ObjectValue(fields);
            });
            case Iterable<?> iterable -> container(iterable, path, depth, () -> {
                var elements = new ArrayList<FFIValue>();
                for (Object o : iterable) {
                    elements.add(convert(o, path.index(elements.size()), depth + 1));
                }
                return new FFIValue.ArrayValue(elements);
            });
            default -> {
                if (value.getClass().isArray()) {
                    yield container(value, path, depth, () -> {
                        int n = Array.getLength(value);
                        var elements = new ArrayList<FFIValue>(n);
                        for (int i = 0; i < n; i++) {
                            elements.add(convert(Array.get(value, i), path.index(i), depth + 1));
                        }
                        return new FFIValue.ArrayValue(elements);
                    });
                }
                throw new IllegalArgumentException("cannot convert a Java " + value.getClass().getName()
                        + " to an FFIValue at " + path);
            }
        };
    }

    private FFIValue container(Object container, ValuePath path, int depth,
                               java.util.function.Supplier<FFIValue> build) {
        if (!onPath.add(container)) {
            throw new IllegalArgumentException("cycle: the Java object at " + path + " contains itself");
        }
        try {
            checkDepth(path, depth, "a Java " + container.getClass().getName());
            return build.get();
        } finally {
            onPath.remove(container);
        }
    }
}
