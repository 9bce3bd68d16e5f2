package dev.tocin.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A record (such as {@code SchedulerStats}) as flat {@code name = value} rows and as JSON, read
 * through its components, so the stats printout follows the record as it grows. Nested records
 * become {@code outer.inner}, lists {@code name[i]}, maps {@code name[key]}.
 */
final class RecordFields {
    record Row(String name, String value) {
    }

    private RecordFields() {
    }

    static List<Row> rows(Record r) {
        var rows = new ArrayList<Row>();
        flatten("", r, rows);
        return rows;
    }

    static String json(Object value) {
        return switch (value) {
            case null -> "null";
            case Record r -> {
                var out = new StringBuilder("{");
                for (var c : r.getClass().getRecordComponents()) {
                    if (out.length() > 1) {
                        out.append(',');
                    }
                    out.append(Json.string(c.getName())).append(':').append(json(read(c, r)));
                }
                yield out.append('}').toString();
            }
            case Map<?, ?> m -> {
                var out = new StringBuilder("{");
                m.forEach((k, v) -> {
                    if (out.length() > 1) {
                        out.append(',');
                    }
                    out.append(Json.string(String.valueOf(k))).append(':').append(json(v));
                });
                yield out.append('}').toString();
            }
            case Collection<?> c -> {
                var out = new StringBuilder("[");
                for (var e : c) {
                    if (out.length() > 1) {
                        out.append(',');
                    }
                    out.append(json(e));
                }
                yield out.append(']').toString();
            }
            case Number n -> Json.number(n.doubleValue());
            case Boolean b -> b.toString();
            default -> Json.string(value.toString());
        };
    }

    private static void flatten(String name, Object value, List<Row> rows) {
        switch (value) {
            case Record r -> {
                for (var c : r.getClass().getRecordComponents()) {
                    flatten(name.isEmpty() ? c.getName() : name + "." + c.getName(), read(c, r), rows);
                }
            }
            case Map<?, ?> m -> m.forEach((k, v) -> flatten(name + "[" + k + "]", v, rows));
            case Collection<?> c -> {
                int i = 0;
                for (var e : c) {
                    flatten(name + "[" + i++ + "]", e, rows);
                }
            }
            case null -> rows.add(new Row(name, "-"));
            default -> rows.add(new Row(name, value.toString()));
        }
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            var accessor = c.getAccessor();
            // A nested record may be package-private in its own package.
            accessor.trySetAccessible();
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }
}
