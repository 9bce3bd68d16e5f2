package dev.tocin.ffi;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/** Strict RFC 8259 parser for {@link FFIValue#fromJSON(String)}; the number rules are documented there. */
final class JsonParser {
    private final String text;
    private int pos;
    private int depth;

    JsonParser(String text) {
        if (text == null) {
            throw new IllegalArgumentException("JSON text is null");
        }
        this.text = text;
    }

    FFIValue parseDocument() {
        skipWhitespace();
        FFIValue value = parseValue(ValuePath.ROOT);
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected " + describe(pos) + " after the JSON value", pos);
        }
        return value;
    }

    private FFIValue parseValue(ValuePath path) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value", pos);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> parseObject(path);
            case '[' -> parseArray(path);
            case '"' -> new FFIValue.StringValue(parseString());
            case 't' -> literal("true", FFIValue.TRUE);
            case 'f' -> literal("false", FFIValue.FALSE);
            case 'n' -> literal("null", FFIValue.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield parseNumber(path);
                }
                throw error("unexpected " + describe(pos) + ", expected a value", pos);
            }
        };
    }

    private FFIValue literal(String word, FFIValue value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos) + ", expected '" + word + "'", pos);
        }
        pos += word.length();
        return value;
    }

    private FFIValue parseObject(ValuePath path) {
        int start = pos;
        enter(start, path, "an object");
        pos++; // '{'
        var fields = new LinkedHashMap<String, FFIValue>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new FFIValue.ObjectValue(fields);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error(pos >= text.length() ? "unterminated object starting at offset " + start
                        : "unexpected " + describe(pos) + ", expected a string key", pos);
            }
            String key = parseString();
            skipWhitespace();
            expect(':', "after an object key");
            skipWhitespace();
            fields.put(key, parseValue(path.key(key)));
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unterminated object starting at offset " + start, pos);
            }
            char c = text.charAt(pos++);
            if (c == '}') {
                depth--;
                return new FFIValue.ObjectValue(fields);
            }
            if (c != ',') {
                throw error("unexpected " + describe(pos - 1) + ", expected ',' or '}'", pos - 1);
            }
        }
    }

    private FFIValue parseArray(ValuePath path) {
        int start = pos;
        enter(start, path, "an array");
        pos++; // '['
        var elements = new ArrayList<FFIValue>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new FFIValue.ArrayValue(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(parseValue(path.index(elements.size())));
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unterminated array starting at offset " + start, pos);
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                depth--;
                return new FFIValue.ArrayValue(elements);
            }
            if (c != ',') {
                throw error("unexpected " + describe(pos - 1) + ", expected ',' or ']'", pos - 1);
            }
        }
    }

    private String parseString() {
        int start = pos;
        pos++; // opening quote
        var sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string starting at offset " + start, pos);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c)
                        + " in a string must be escaped", pos);
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                throw error("unterminated string starting at offset " + start, pos + 1);
            }
            char e = text.charAt(pos + 1);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 6 > text.length()) {
                        throw error("incomplete \\u escape", pos);
                    }
                    int code = 0;
                    for (int i = pos + 2; i < pos + 6; i++) {
                        int digit = Character.digit(text.charAt(i), 16);
                        if (digit < 0) {
                            throw error("invalid hex digit " + describe(i) + " in \\u escape", i);
                        }
                        code = code * 16 + digit;
                    }
                    sb.append((char) code);
                    pos += 4;
                }
                default -> throw error("invalid escape '\\" + e + "'", pos);
            }
            pos += 2;
        }
    }

    private FFIValue parseNumber(ValuePath path) {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("expected a digit in the number", pos);
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point", pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent", pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (pos - start > ValueLimits.MAX_NUMBER_LENGTH) {
            throw new ValueLimitException("MAX_NUMBER_LENGTH", ValueLimits.MAX_NUMBER_LENGTH, path.toString(),
                    "a number literal of " + (pos - start) + " characters at " + where(start));
        }
        String literal = text.substring(start, pos);
        if (!integral) {
            return new FFIValue.FloatValue(Double.parseDouble(literal));
        }
        if (literal.equals("-0")) {
            return new FFIValue.FloatValue(-0.0); // JSON.parse("-0") is negative zero, not an integer
        }
        if (literal.length() <= 18) {
            return new FFIValue.IntegerValue(Long.parseLong(literal));
        }
        var big = new BigInteger(literal);
        return big.bitLength() < 64 ? new FFIValue.IntegerValue(big.longValue()) : new FFIValue.BigIntValue(big);
    }

    private void enter(int at, ValuePath path, String what) {
        if (++depth > ValueLimits.MAX_DEPTH) {
            throw ValueLimitException.tooDeep(path, what + " at " + where(at));
        }
    }

    private void expect(char c, String where) {
        if (peek() != c) {
            throw error(pos >= text.length() ? "unexpected end of input, expected '" + c + "' " + where
                    : "unexpected " + describe(pos) + ", expected '" + c + "' " + where, pos);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(at);
        return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "character '" + c + "'";
    }

    private JsonSyntaxException error(String problem, int at) {
        int[] lineColumn = lineColumn(at);
        return new JsonSyntaxException(problem, lineColumn[0], lineColumn[1], at);
    }

    /** "line L, column C (offset O)" of a character, for limit errors. */
    private String where(int at) {
        int[] lineColumn = lineColumn(at);
        return "line " + lineColumn[0] + ", column " + lineColumn[1] + " (offset " + at + ")";
    }

    private int[] lineColumn(int at) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, at - lineStart + 1};
    }
}
