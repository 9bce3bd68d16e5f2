package dev.tocin.v8.module;

import dev.tocin.ffi.FFIValue;
import dev.tocin.ffi.JsonSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for package.json files and JSON modules as plain Java values, so the resolver can work
 * on maps. Parsing is {@link FFIValue#fromJSON(String)}'s (one strict RFC 8259 parser in the
 * project); this only maps its values: objects keep key order because "exports" conditions are
 * matched in order. Values: {@code Map<String,Object>}, {@code List<Object>}, {@code String},
 * {@code Double}, {@code Boolean}, and {@link #NULL} for JSON null (so a map can tell "null"
 * from "absent").
 */
final class Json {
    /** JSON {@code null}: package.json uses it to mean "explicitly not exported". */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A syntax error with the 1-based line and column where it was found. */
    static final class SyntaxError extends Exception {
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private Json() {
    }

    static Object parse(String text) throws SyntaxError {
        try {
            return plain(FFIValue.fromJSON(text));
        } catch (JsonSyntaxException e) {
            throw new SyntaxError(e.getMessage(), e.line(), e.column());
        }
    }

    private static Object plain(FFIValue value) {
        return switch (value) {
            case FFIValue.Null n -> NULL;
            case FFIValue.BooleanValue b -> b.value();
            case FFIValue.IntegerValue i -> (double) i.value();
            case FFIValue.FloatValue f -> f.value();
            case FFIValue.StringValue s -> s.value();
            case FFIValue.ArrayValue a -> {
                var list = new ArrayList<Object>(a.elements().size());
                a.elements().forEach(e -> list.add(plain(e)));
                yield list;
            }
            case FFIValue.ObjectValue o -> {
                var map = new LinkedHashMap<String, Object>();
                o.fields().forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
            default -> throw new IllegalStateException("JSON text cannot produce " + value.type());
        };
    }
}
