package dev.tocin.ffi;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Compact JSON text of an {@link FFIValue}; the rules are documented on {@link FFIValue#toJSON()}. */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();

    private JsonWriter() {
    }

    static String write(FFIValue value) {
        var w = new JsonWriter();
        w.value(value);
        return w.out.toString();
    }

    private void value(FFIValue value) {
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
                    value(elements.get(i));
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
                    value(e.getValue());
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
