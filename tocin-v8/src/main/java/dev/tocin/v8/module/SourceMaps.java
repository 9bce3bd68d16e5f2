package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetScriptingError;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source maps of the modules this process transpiled (TypeScript), by module URL, so error
 * positions and stacks point at the file the user wrote. Shared by every runtime: a URL's map
 * is replaced when the module is transpiled again (a reload).
 */
public final class SourceMaps {
    /** A 1-based line and column. */
    public record Position(int line, int column) {
    }

    /** A position in a file: where an error V8 reported points, in the source the user wrote. */
    public record Location(String file, int line, int column) {
    }

    private static final Map<String, SourceMap> MAPS = new ConcurrentHashMap<>();
    private static final Pattern LOCATION = Pattern.compile("((?:file|data|https?):[^\\s()]*?):(\\d+):(\\d+)");

    private SourceMaps() {
    }

    static void put(String url, SourceMap map) {
        if (map != null) {
            MAPS.put(url, map);
        }
    }

    /** The original position of a generated one in {@code url}, or the same position when {@code url} has no map. */
    public static Position original(String url, int line, int column) {
        SourceMap map = url == null ? null : MAPS.get(url);
        Position p = map == null ? null : map.original(line, column);
        return p == null ? new Position(line, column) : p;
    }

    /**
     * Where the compile or runtime error {@code e} points, mapped to the original source: its
     * resource ({@code fallbackFile} when V8 names none), 1-based line and column, or line and
     * column 0 when V8 gave no line. The one reading of a V8 error position for modules and scripts.
     */
    public static Location of(JavetScriptingError e, String fallbackFile) {
        String file = e.getResourceName() == null || e.getResourceName().isEmpty() ? fallbackFile : e.getResourceName();
        Position at = original(file, Math.max(0, e.getLineNumber()), e.getLineNumber() > 0 ? e.getStartColumn() + 1 : 0);
        return new Location(file, at.line(), at.column());
    }

    /** {@code text} (a stack, a message) with every {@code url:line:column} of a mapped module rewritten. */
    public static String remap(String text) {
        if (text == null || MAPS.isEmpty()) {
            return text;
        }
        Matcher m = LOCATION.matcher(text);
        var out = new StringBuilder(text.length());
        while (m.find()) {
            Position p = original(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + ":" + p.line() + ":" + p.column()));
        }
        return m.appendTail(out).toString();
    }
}
