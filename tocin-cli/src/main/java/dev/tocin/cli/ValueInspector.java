package dev.tocin.cli;

import dev.tocin.ffi.FFIValue;
import java.util.regex.Pattern;

/**
 * Renders a value the way Node's REPL shows it: {@code 'text'}, {@code [ 1, 2 ]},
 * {@code { a: 1, 'b-c': true }}, {@code 10n}, {@code [Function]}. Nested containers deeper
 * than {@value #MAX_DEPTH} levels print as {@code [Object]} / {@code [Array]}.
 */
final class ValueInspector {
    static final int MAX_DEPTH = 4;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private ValueInspector() {
    }

    /** As the REPL prints a result: strings quoted. */
    static String inspect(FFIValue value) {
        var out = new StringBuilder();
        append(out, value, 0);
        return out.toString();
    }

    /** As {@code tocin eval} prints a result (like {@code node -p}): a string as is, anything else inspected. */
    static String print(FFIValue value) {
        return value instanceof FFIValue.StringValue s ? s.value() : inspect(value);
    }

    private static void append(StringBuilder out, FFIValue value, int depth) {
        switch (value) {
            case FFIValue.Undefined u -> out.append("undefined");
            case FFIValue.Null n -> out.append("null");
            case FFIValue.BooleanValue b -> out.append(b.value());
            case FFIValue.IntegerValue i -> out.append(i.value());
            case FFIValue.FloatValue f -> out.append(number(f.value()));
            case FFIValue.StringValue s -> out.append(quote(s.value()));
            case FFIValue.BigIntValue b -> out.append(b.value()).append('n');
            case FFIValue.DateValue d -> out.append(d.value());
            case FFIValue.FunctionValue f -> out.append("[Function]");
            case FFIValue.BinaryDataValue b -> out.append(b.kind().jsName()).append('(').append(b.length()).append(" bytes)");
            case FFIValue.ArrayValue a -> {
                if (a.elements().isEmpty()) {
                    out.append("[]");
                } else if (depth >= MAX_DEPTH) {
                    out.append("[Array]");
                } else {
                    out.append("[ ");
                    for (int i = 0; i < a.elements().size(); i++) {
                        if (i > 0) {
                            out.append(", ");
                        }
                        append(out, a.elements().get(i), depth + 1);
                    }
                    out.append(" ]");
                }
            }
            case FFIValue.ObjectValue o -> {
                if (o.fields().isEmpty()) {
                    out.append("{}");
                } else if (depth >= MAX_DEPTH) {
                    out.append("[Object]");
                } else {
                    out.append("{ ");
                    boolean first = true;
                    for (var e : o.fields().entrySet()) {
                        if (!first) {
                            out.append(", ");
                        }
                        first = false;
                        out.append(IDENTIFIER.matcher(e.getKey()).matches() ? e.getKey() : quote(e.getKey())).append(": ");
                        append(out, e.getValue(), depth + 1);
                    }
                    out.append(" }");
                }
            }
        }
    }

    /** JavaScript's Number#toString for the values that are not integers. */
    private static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new java.math.BigDecimal(d).toPlainString();
        }
        var s = Double.toString(d);
        // Java writes 1.0E-7 where JavaScript writes 1e-7.
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        var mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        var exponent = s.substring(e + 1);
        return mantissa + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
    }

    private static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
