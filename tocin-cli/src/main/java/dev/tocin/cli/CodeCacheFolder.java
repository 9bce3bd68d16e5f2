package dev.tocin.cli;

import java.nio.file.Path;

/**
 * Where {@code tocin run} keeps V8's code cache: {@code -Dtocin.codeCache} or {@code $TOCIN_CODE_CACHE}, else
 * {@code $XDG_CACHE_HOME/tocin/code-cache}, else {@code ~/.cache/tocin/code-cache} (beside the
 * native library's folder). Entries are keyed by content, V8 version and flags, so one folder
 * serves every program and Tocin version; the folder is created on the first write.
 */
final class CodeCacheFolder {
    static final String PROPERTY = "tocin.codeCache";
    static final String DESCRIPTION = "$TOCIN_CODE_CACHE or ~/.cache/tocin/code-cache";

    private CodeCacheFolder() {
    }

    static Path get() {
        var configured = System.getProperty(PROPERTY, System.getenv("TOCIN_CODE_CACHE"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        var xdg = System.getenv("XDG_CACHE_HOME");
        var base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("tocin").resolve("code-cache");
    }
}
