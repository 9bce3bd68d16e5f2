package dev.tocin.v8.module;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A JavaScript token stream just precise enough for {@link CjsExportLexer}: identifiers, string
 * values, punctuators, with comments, regular expressions, numbers and template text skipped.
 * Like Node's cjs-module-lexer it decides "regex or division" from the previous token (a
 * {@code )} closing {@code if (...)}/{@code while (...)}/{@code for (...)} starts a regex).
 * Template substitutions are tokenized as code, so {@code `${exports.a = 1}`} is still seen.
 */
final class CjsTokens {
    enum Kind { IDENT, STRING, PUNCT, OTHER }

    /** One token; {@code text} is the identifier name, the decoded string value, or the punctuator. */
    record Token(Kind kind, String text, int depth) {
        boolean is(String s) {
            return kind != Kind.STRING && text.equals(s);
        }
    }

    private static final Set<String> REGEX_AFTER_KEYWORD = Set.of("return", "typeof", "instanceof", "in", "of", "new",
            "delete", "void", "throw", "case", "do", "else", "yield", "await", "extends");
    private static final Set<String> PAREN_KEYWORD = Set.of("if", "while", "for", "with");
    private static final String[] PUNCTUATORS = {">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
            "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
            "<<", ">>", "**"};

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private final ArrayDeque<Boolean> parens = new ArrayDeque<>();
    private final ArrayDeque<Integer> templates = new ArrayDeque<>();
    private int pos;
    private int depth;
    /** Whether the last closing paren closed {@code if (...)} and friends (a following '/' is a regex). */
    private boolean keywordParenClosed;

    private CjsTokens(String src) {
        this.src = src;
    }

    static List<Token> of(String source) {
        var t = new CjsTokens(source);
        t.run();
        return t.tokens;
    }

    private void run() {
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '/' && pos + 1 < n && src.charAt(pos + 1) == '/') {
                skipLineComment();
            } else if (c == '/' && pos + 1 < n && src.charAt(pos + 1) == '*') {
                int end = src.indexOf("*/", pos + 2);
                pos = end < 0 ? n : end + 2;
            } else if (c == '#' && pos == 0 && n > 1 && src.charAt(1) == '!') {
                skipLineComment();
            } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                pos++;
            } else if (c == '\'' || c == '"') {
                add(Kind.STRING, readString(c));
            } else if (c == '`') {
                pos++;
                template();
            } else if (isIdentStart(c)) {
                add(Kind.IDENT, readIdentifier());
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(src.charAt(pos + 1)))) {
                while (pos < n && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '.')) {
                    pos++;
                }
                add(Kind.OTHER, "0");
            } else if (c == '/') {
                if (regexAllowed()) {
                    skipRegex();
                    add(Kind.OTHER, "/re/");
                } else {
                    punct();
                }
            } else {
                punct();
            }
        }
    }

    /** An identifier; {@code \\uXXXX} and {@code \\u{...}} escapes are decoded, so {@code aw\\u0061it} is {@code await}. */
    private String readIdentifier() {
        var sb = new StringBuilder();
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < n && src.charAt(pos + 1) == 'u') {
                pos += 2;
                if (pos < n && src.charAt(pos) == '{') {
                    int end = src.indexOf('}', pos);
                    sb.appendCodePoint(end < 0 ? 0xFFFD : parseHex(src.substring(pos + 1, end)));
                    pos = end < 0 ? n : end + 1;
                } else {
                    sb.append((char) hex(4));
                }
            } else if (isIdentPart(c) || (sb.isEmpty() && c == '\\')) {
                sb.append(c);
                pos++;
            } else {
                break;
            }
        }
        return sb.toString();
    }

    private void punct() {
        char c = src.charAt(pos);
        switch (c) {
            case '(' -> {
                Token prev = last();
                parens.push(prev != null && prev.kind == Kind.IDENT && PAREN_KEYWORD.contains(prev.text));
                pos++;
                add(Kind.PUNCT, "(");
                return;
            }
            case ')' -> {
                boolean keyword = !parens.isEmpty() && parens.pop();
                pos++;
                add(Kind.PUNCT, ")");
                keywordParenClosed = keyword;
                return;
            }
            case '{' -> {
                pos++;
                add(Kind.PUNCT, "{");
                depth++;
                return;
            }
            case '}' -> {
                if (!templates.isEmpty() && templates.peek() == depth) {
                    templates.pop();
                    pos++;
                    template();
                    return;
                }
                depth = Math.max(0, depth - 1);
                pos++;
                add(Kind.PUNCT, "}");
                return;
            }
            default -> {
                for (String p : PUNCTUATORS) {
                    if (src.startsWith(p, pos)) {
                        pos += p.length();
                        add(Kind.PUNCT, p);
                        return;
                    }
                }
                pos++;
                add(Kind.PUNCT, String.valueOf(c));
            }
        }
    }

    private void add(Kind kind, String text) {
        keywordParenClosed = false;
        tokens.add(new Token(kind, text, depth));
    }

    private Token last() {
        return tokens.isEmpty() ? null : tokens.getLast();
    }

    private boolean regexAllowed() {
        Token prev = last();
        if (prev == null) {
            return true;
        }
        return switch (prev.kind) {
            case STRING, OTHER -> false;
            case IDENT -> REGEX_AFTER_KEYWORD.contains(prev.text);
            case PUNCT -> switch (prev.text) {
                case ")" -> keywordParenClosed;
                case "]" -> false;
                // "}" mostly closes a block, after which a '/' starts a regex literal.
                default -> true;
            };
        };
    }

    private void skipLineComment() {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void skipRegex() {
        boolean inClass = false;
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if ((c == '/' && !inClass) || c == '\n') {
                break;
            }
        }
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
    }

    /** Template text up to the closing backtick or the next {@code ${}, whose code is tokenized. */
    private void template() {
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '`') {
                add(Kind.OTHER, "`");
                return;
            } else if (c == '$' && pos < src.length() && src.charAt(pos) == '{') {
                pos++;
                add(Kind.OTHER, "`");
                templates.push(depth);
                return;
            }
        }
    }

    private String readString(char quote) {
        var sb = new StringBuilder();
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == quote || c == '\n') {
                break;
            }
            if (c != '\\' || pos >= src.length()) {
                sb.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000B');
                case '0' -> sb.append('\0');
                case '\r' -> {
                    if (pos < src.length() && src.charAt(pos) == '\n') {
                        pos++;
                    }
                }
                case '\n', '\u2028', '\u2029' -> {
                }
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> {
                    if (pos < src.length() && src.charAt(pos) == '{') {
                        int end = src.indexOf('}', pos);
                        int cp = end < 0 ? 0xFFFD : parseHex(src.substring(pos + 1, end));
                        pos = end < 0 ? src.length() : end + 1;
                        sb.appendCodePoint(cp);
                    } else {
                        sb.append((char) hex(4));
                    }
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    private int hex(int digits) {
        int end = Math.min(src.length(), pos + digits);
        int value = parseHex(src.substring(pos, end));
        pos = end;
        return value;
    }

    private static int parseHex(String s) {
        try {
            int cp = Integer.parseInt(s, 16);
            return Character.isValidCodePoint(cp) ? cp : 0xFFFD;
        } catch (NumberFormatException e) {
            return 0xFFFD;
        }
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '$' || c == '_' || c == '\\' || Character.isHighSurrogate(c);
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '$' || c == '_' || c == '\u200C' || c == '\u200D'
                || Character.isSurrogate(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK || Character.getType(c) == Character.CONNECTOR_PUNCTUATION;
    }
}
