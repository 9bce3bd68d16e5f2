package dev.tocin.ffi;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Compact JSON text of an {@link FFIValue}; the rules are documented on {@link FFIValue#toJSON()}. */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** For toString(): write too deep containers as "[...]" / "{...}" instead of refusing them. */
    private final boolean elide;

    private JsonWriter(boolean elide) {
        this.elide = elide;
    }

    /** The JSON text; a value nested deeper than {@link ValueLimits#MAX_DEPTH} is a {@link ValueLimitException}. */
    static String write(FFIValue value) {
        var w = new JsonWriter(false);
        w.value(value, ValuePath.ROOT, 0);
        return w.out.toString();
    }

    /** JSON text for {@code toString()}, which must not throw: too deep parts are elided. */
    static String describe(FFIValue value) {
        var w = new JsonWriter(true);
        w.value(value, ValuePath.ROOT, 0);
        return w.out.toString();
    }

    /** Writes {@code value}, found at {@code path} inside {@code depth} arrays/objects. */
    private void value(FFIValue value, ValuePath path, int depth) {
        boolean container = value instanceof FFIValue.ArrayValue || value instanceof FFIValue.ObjectValue;
        if (container && depth >= ValueLimits.MAX_DEPTH) {
            if (elide) {
                out.append(value instanceof FFIValue.ArrayValue ? "[...]" : "{...}");
                return;
            }
            throw ValueLimitException.tooDeep(path, "an " + value.type());
        }
        switch (value) {
            case FFIValue.Undefined u -> out.append("null");
            case FFIValue.Null n -> out.append("null");
            case FFIValue.FunctionValue f -> out.append("null");
            case FFIValue.BooleanValue(boolean b) -> out.append(b);
            case FFIValue.IntegerValue(long l) -> out.append(l);
            case FFIValue.FloatValue(double d) -> out.append(Double.isFinite(d) ? Double.toString(d) : "null");
            case FFIValue.BigIntValue(var big) -> out.append(big);
            case FFIValue.StringValue(String s) -> string(s);
            case FFIValue.DateValue(var instant) -> string(instant.toString());
            case FFIValue.BinaryDataValue b -> string(Base64.getEncoder().encodeToString(b.bytes()));
            case FFIValue.ArrayValue(List<FFIValue> elements) -> {
                out.append('[');
                for (int i = 0; i < elements.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(elements.get(i), path.index(i), depth + 1);
                }
                out.append(']');
            }
            case FFIValue.ObjectValue(var fields) -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, FFIValue> e : fields.entrySet()) {
                    if (e.getValue() instanceof FFIValue.Undefined || e.getValue() instanceof FFIValue.FunctionValue) {
                        continue; // as JSON.stringify does
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(e.getKey());
                    out.append(':');
                    value(e.getValue(), path.key(e.getKey()), depth + 1);
                }
                out.append('}');
            }
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        // Lone surrogates are escaped (well-formed JSON.stringify) so the text stays valid UTF-8.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
