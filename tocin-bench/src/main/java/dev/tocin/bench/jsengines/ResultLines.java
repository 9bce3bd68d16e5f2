package dev.tocin.bench.jsengines;

import dev.tocin.bench.BenchResult;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line JSON form of a {@link BenchResult} that the js-engines child JVMs print and
 * {@link JsEnginesSuite} reads back:
 * {@code {"suite":"js-engines","name":"..","impl":"..","value":1.5,"unit":"ms","higherIsBetter":false}}.
 * Only this flat shape is read; anything else on the child's stdout is not a result.
 */
public final class ResultLines {
    private static final Pattern LINE = Pattern.compile(
            "\\{\"suite\":(\"(?:[^\"\\\\]|\\\\.)*\"),\"name\":(\"(?:[^\"\\\\]|\\\\.)*\"),"
                    + "\"impl\":(\"(?:[^\"\\\\]|\\\\.)*\"),\"value\":([-+0-9.eE]+|NaN),"
                    + "\"unit\":(\"(?:[^\"\\\\]|\\\\.)*\"),\"higherIsBetter\":(true|false)}");

    private ResultLines() {
    }

    public static String format(BenchResult r) {
        return "{\"suite\":" + quote(r.suite()) + ",\"name\":" + quote(r.name()) + ",\"impl\":" + quote(r.impl())
                + ",\"value\":" + (Double.isFinite(r.value()) ? Double.toString(r.value()) : "NaN")
                + ",\"unit\":" + quote(r.unit()) + ",\"higherIsBetter\":" + r.higherIsBetter() + "}";
    }

    /** The result on {@code line}, or empty when the line is not one (e.g. a log line). */
    public static Optional<BenchResult> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new BenchResult(unquote(m.group(1)), unquote(m.group(2)), unquote(m.group(3)),
                Double.parseDouble(m.group(4)), unquote(m.group(5)), Boolean.parseBoolean(m.group(6))));
    }

    private static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String unquote(String quoted) {
        var out = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = quoted.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'u' -> {
                    out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
