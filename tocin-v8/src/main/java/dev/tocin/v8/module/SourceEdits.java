package dev.tocin.v8.module;

import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Text replacements in one source, applied at once. Positions are UTF-16 indexes; swc reports
 * code-point offsets, which {@link #start}/{@link #end} convert. Edits keep every line break
 * (and, where they can, every column) so V8's error positions still point at the original text.
 */
final class SourceEdits {
    private record Edit(int start, int end, String text) {
    }

    private final String source;
    /** UTF-16 index of each code-point offset, or null when the source has no surrogate pairs. */
    private final int[] utf16;
    private final List<Edit> edits = new ArrayList<>();

    SourceEdits(String source) {
        this.source = source;
        this.utf16 = utf16Indexes(source);
    }

    private static int[] utf16Indexes(String s) {
        int points = s.codePointCount(0, s.length());
        if (points == s.length()) {
            return null;
        }
        var at = new int[points + 1];
        int i = 0;
        for (int p = 0; p < points; p++) {
            at[p] = i;
            i += Character.charCount(s.codePointAt(i));
        }
        at[points] = s.length();
        return at;
    }

    String source() {
        return source;
    }

    int start(ISwc4jAst node) {
        return index(node.getSpan().getStart());
    }

    int end(ISwc4jAst node) {
        return index(node.getSpan().getEnd());
    }

    private int index(int codePoint) {
        return utf16 == null ? codePoint : utf16[Math.min(codePoint, utf16.length - 1)];
    }

    String text(ISwc4jAst node) {
        return source.substring(start(node), end(node));
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    void replace(int start, int end, String text) {
        edits.add(new Edit(start, end, text));
    }

    void insert(int at, String text) {
        edits.add(new Edit(at, at, text));
    }

    /** Replaces {@code [start, end)} by {@code text} padded with spaces and the original's line breaks. */
    void replacePadded(int start, int end, String text) {
        replace(start, end, pad(text, source.substring(start, end)));
    }

    String apply() {
        var sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start));
        var out = new StringBuilder(source.length() + 64);
        int pos = 0;
        for (Edit e : sorted) {
            out.append(source, pos, e.start).append(e.text);
            pos = e.end;
        }
        return out.append(source, pos, source.length()).toString();
    }

    /** {@code text} followed by the original's line breaks, and spaces for everything else. */
    static String pad(String text, String original) {
        var out = new StringBuilder(Math.max(text.length(), original.length())).append(text);
        for (int i = text.length(); i < original.length(); i++) {
            char c = original.charAt(i);
            out.append(isLineBreak(c) ? c : ' ');
        }
        return out.toString();
    }

    /** Only the line breaks of {@code original}. */
    static String lineBreaks(String original) {
        var out = new StringBuilder();
        for (int i = 0; i < original.length(); i++) {
            if (isLineBreak(original.charAt(i))) {
                out.append(original.charAt(i));
            }
        }
        return out.toString();
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }
}
