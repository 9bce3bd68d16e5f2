package dev.tocin.v8.script;

import java.util.regex.Pattern;

/** JavaScript names and string literals the engine builds expressions from. */
final class JsNames {
    /** An identifier V8 accepts as a plain global name (ASCII letters, digits, _ and $). */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private JsNames() {
    }

    /** Whether {@code key} names a JS global: other binding keys (e.g. {@code javax.script.filename}) stay in Java. */
    static boolean isIdentifier(Object key) {
        return key instanceof String s && IDENTIFIER.matcher(s).matches();
    }

    /** {@code s} as a JS string literal. */
    static String literal(String s) {
        var out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
