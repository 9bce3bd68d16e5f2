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

/** {@link FFIValue#fromJava(Object)}: plain Java objects to values, with paths in errors and cycle detection. */
final class JavaValues {
    /** Containers on the current path: a container met again below itself is a cycle. */
    private final Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());

    private JavaValues() {
    }

    static FFIValue fromJava(Object value) {
        return new JavaValues().convert(value, ValuePath.ROOT);
    }

    private FFIValue convert(Object value, ValuePath path) {
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
            case Optional<?> optional -> optional.isPresent() ? convert(optional.get(), path) : FFIValue.NULL;
            case JsFunctionHandle handle -> FFIValue.of(handle);
            case Map<?, ?> map -> container(map, path, () -> {
                var fields = new LinkedHashMap<String, FFIValue>();
                for (var e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    fields.put(key, convert(e.getValue(), path.key(key)));
                }
                return new FFIValue.ObjectValue(fields);
            });
            case Iterable<?> iterable -> container(iterable, path, () -> {
                var elements = new ArrayList<FFIValue>();
                for (Object o : iterable) {
                    elements.add(convert(o, path.index(elements.size())));
                }
                return new FFIValue.ArrayValue(elements);
            });
            default -> {
                if (value.getClass().isArray()) {
                    yield container(value, path, () -> {
                        int n = Array.getLength(value);
                        var elements = new ArrayList<FFIValue>(n);
                        for (int i = 0; i < n; i++) {
                            elements.add(convert(Array.get(value, i), path.index(i)));
                        }
                        return new FFIValue.ArrayValue(elements);
                    });
                }
                throw new IllegalArgumentException("cannot convert a Java " + value.getClass().getName()
                        + " to an FFIValue at " + path);
            }
        };
    }

    private FFIValue container(Object container, ValuePath path, java.util.function.Supplier<FFIValue> build) {
        if (!onPath.add(container)) {
            throw new IllegalArgumentException("cycle: the Java object at " + path + " contains itself");
        }
        try {
            return build.get();
        } finally {
            onPath.remove(container);
        }
    }
}
