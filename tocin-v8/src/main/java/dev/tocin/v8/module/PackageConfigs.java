package dev.tocin.v8.module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The package.json files resolution reads, parsed once each (Node's READ_PACKAGE_JSON and
 * LOOKUP_PACKAGE_SCOPE). One instance serves the import and the require resolver of a runtime.
 */
final class PackageConfigs {
    private final ModuleFiles files;
    private final Map<Path, Optional<Map<String, Object>>> cache = new ConcurrentHashMap<>();

    PackageConfigs(ModuleFiles files) {
        this.files = files;
    }

    /** LOOKUP_PACKAGE_SCOPE: the nearest folder with a package.json, not crossing node_modules. */
    Path scope(Path fromDir) {
        for (Path dir = fromDir; dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("node_modules")) {
                return null;
            }
            if (files.isFile(dir.resolve("package.json"))) {
                return dir;
            }
        }
        return null;
    }

    /** READ_PACKAGE_JSON: the parsed package.json of {@code packageDir}, or empty when it has none. */
    Optional<Map<String, Object>> read(Path packageDir) throws ResolveError {
        var cached = cache.get(packageDir);
        if (cached != null) {
            return cached;
        }
        Path file = packageDir.resolve("package.json");
        Optional<Map<String, Object>> result = Optional.empty();
        if (files.isFile(file)) {
            try {
                Object parsed = Json.parse(files.read(file));
                if (!(parsed instanceof Map<?, ?>)) {
                    throw new ResolveError("ERR_INVALID_PACKAGE_CONFIG", "Invalid package config \"" + file.toUri() + "\": not a JSON object");
                }
                @SuppressWarnings("unchecked")
                var map = (Map<String, Object>) parsed;
                result = Optional.of(map);
            } catch (Json.SyntaxError e) {
                throw new ResolveError("ERR_INVALID_PACKAGE_CONFIG", "Invalid package config \"" + file.toUri() + "\": " + e.getMessage());
            } catch (IOException e) {
                throw new ResolveError("ERR_INVALID_PACKAGE_CONFIG", "Cannot read \"" + file.toUri() + "\": " + e);
            }
        }
        cache.put(packageDir, result);
        return result;
    }

    /** Forgets every parsed file (they may have changed). */
    void clear() {
        cache.clear();
    }
}
