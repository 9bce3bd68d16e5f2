package dev.tocin.v8.module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A decoded source map (version 3, one source): for a generated line and column, the original
 * ones. Only what error positions need: no names, no sections.
 */
final class SourceMap {
    /** Segments of one generated line, sorted by generated column: {generatedColumn, originalLine, originalColumn}, 0-based. */
    private final int[][][] lines;

    private SourceMap(int[][][] lines) {
        this.lines = lines;
    }

    /** Parses the JSON text of a source map; null when it has no usable mappings. */
    static SourceMap parse(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.SyntaxError e) {
            return null;
        }
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("mappings") instanceof String mappings)) {
            return null;
        }
        return new SourceMap(decode(mappings));
    }

    /** The original 1-based position of a generated 1-based one, or null when nothing maps there. */
    SourceMaps.Position original(int line, int column) {
        if (line < 1 || line > lines.length) {
            return null;
        }
        int[][] segments = lines[line - 1];
        int[] best = null;
        for (int[] s : segments) {
            if (s[0] <= column - 1) {
                best = s;
            } else {
                break;
            }
        }
        if (best == null && segments.length > 0) {
            best = segments[0];
        }
        return best == null ? null : new SourceMaps.Position(best[1] + 1, best[2] + 1);
    }

    private static int[][][] decode(String mappings) {
        var result = new ArrayList<int[][]>();
        var segments = new ArrayList<int[]>();
        int sourceLine = 0;
        int sourceColumn = 0;
        int generatedColumn = 0;
        var fields = new int[5];
        int i = 0;
        while (i <= mappings.length()) {
            if (i == mappings.length() || mappings.charAt(i) == ';') {
                result.add(sorted(segments));
                segments = new ArrayList<>();
                generatedColumn = 0;
                i++;
                continue;
            }
            if (mappings.charAt(i) == ',') {
                i++;
                continue;
            }
            int n = 0;
            while (i < mappings.length() && mappings.charAt(i) != ',' && mappings.charAt(i) != ';') {
                int value = 0;
                int shift = 0;
                int digit;
                do {
                    digit = BASE64.indexOf(mappings.charAt(i++));
                    if (digit < 0) {
                        return result.toArray(int[][][]::new);
                    }
                    value += (digit & 31) << shift;
                    shift += 5;
                } while ((digit & 32) != 0);
                if (n < fields.length) {
                    fields[n++] = (value & 1) != 0 ? -(value >>> 1) : value >>> 1;
                }
            }
            generatedColumn += fields[0];
            if (n >= 4) {
                sourceLine += fields[2];
                sourceColumn += fields[3];
                segments.add(new int[]{generatedColumn, sourceLine, sourceColumn});
            }
        }
        return result.toArray(int[][][]::new);
    }

    private static int[][] sorted(List<int[]> segments) {
        int[][] array = segments.toArray(int[][]::new);
        Arrays.sort(array, (a, b) -> Integer.compare(a[0], b[0]));
        return array;
    }

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}
