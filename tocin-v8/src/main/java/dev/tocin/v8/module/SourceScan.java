package dev.tocin.v8.module;

/**
 * Cheap textual pre-checks that decide whether a source needs the parser at all. They may say
 * yes for text in strings or comments (the parser then finds nothing), never no for real code.
 * Hand-written loops: regexes with word boundaries dominated a cold load of 600 modules.
 */
final class SourceScan {
    private SourceScan() {
    }

    /** {@code import(}, {@code import.} or {@code import /*}: a dynamic import or import.meta may follow. */
    static boolean mayUseImportCallOrMeta(String s) {
        for (int i = s.indexOf("import"); i >= 0; i = s.indexOf("import", i + 6)) {
            if (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) {
                continue;
            }
            int j = skipSpace(s, i + 6);
            if (j < s.length()) {
                char c = s.charAt(j);
                if (c == '(' || c == '.' || (c == '/' && j + 1 < s.length() && (s.charAt(j + 1) == '*' || s.charAt(j + 1) == '/'))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code import source}: a source-phase import (or a default import named source) may follow. */
    static boolean maySourcePhaseImport(String s) {
        for (int i = s.indexOf("import"); i >= 0; i = s.indexOf("import", i + 6)) {
            if (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) {
                continue;
            }
            int j = skipSpace(s, i + 6);
            if (j > i + 6 && s.startsWith("source", j) && j + 6 < s.length() && Character.isWhitespace(s.charAt(j + 6))) {
                return true;
            }
        }
        return false;
    }

    /** {@code with { type} or {@code assert { "type}: an import attribute clause may be present. */
    static boolean mayHaveTypeAttribute(String s) {
        return keywordThenType(s, "with") || keywordThenType(s, "assert");
    }

    private static boolean keywordThenType(String s, String keyword) {
        for (int i = s.indexOf(keyword); i >= 0; i = s.indexOf(keyword, i + keyword.length())) {
            if (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) {
                continue;
            }
            int j = skipSpace(s, i + keyword.length());
            if (j >= s.length() || s.charAt(j) != '{') {
                continue;
            }
            j = skipSpace(s, j + 1);
            if (j < s.length() && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
                j++;
            }
            if (s.startsWith("type", j)) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
