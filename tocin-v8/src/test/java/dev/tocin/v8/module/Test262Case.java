package dev.tocin.v8.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test262 test file and its YAML frontmatter (the subset test262 uses: inline and block
 * lists, and the two-level {@code negative} map).
 */
record Test262Case(Path file, String source, List<String> flags, List<String> includes, List<String> features,
                   String negativePhase, String negativeType) {

    static Test262Case read(Path file) throws IOException {
        String source = Files.readString(file);
        int start = source.indexOf("/*---");
        int end = source.indexOf("---*/", Math.max(start, 0));
        Map<String, Object> meta = start < 0 || end < 0 ? Map.of() : parse(source.substring(start + 5, end));
        @SuppressWarnings("unchecked")
        Map<String, Object> negative = meta.get("negative") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new Test262Case(file, source, list(meta.get("flags")), list(meta.get("includes")), list(meta.get("features")),
                (String) negative.get("phase"), (String) negative.get("type"));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    boolean isNegative() {
        return negativePhase != null;
    }

    private static List<String> list(Object value) {
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static Map<String, Object> parse(String yaml) {
        var result = new LinkedHashMap<String, Object>();
        String key = null;
        List<String> block = null;
        Map<String, Object> map = null;
        for (String line : yaml.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            String t = line.trim();
            if (!indented) {
                int colon = t.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                key = t.substring(0, colon).trim();
                String value = t.substring(colon + 1).trim();
                block = null;
                map = null;
                if (value.startsWith("[")) {
                    var items = new ArrayList<String>();
                    for (String item : value.substring(1, value.lastIndexOf(']')).split(",")) {
                        if (!item.isBlank()) {
                            items.add(item.trim());
                        }
                    }
                    result.put(key, items);
                } else if (value.isEmpty()) {
                    result.put(key, null);
                } else {
                    result.put(key, value);
                }
            } else if (key != null && t.startsWith("- ")) {
                if (block == null) {
                    block = new ArrayList<>();
                    result.put(key, block);
                }
                block.add(t.substring(2).trim());
            } else if (key != null && result.get(key) == null || map != null) {
                int colon = t.indexOf(':');
                if (colon > 0) {
                    if (map == null) {
                        map = new LinkedHashMap<>();
                        result.put(key, map);
                    }
                    map.put(t.substring(0, colon).trim(), t.substring(colon + 1).trim());
                }
            }
        }
        return result;
    }
}
