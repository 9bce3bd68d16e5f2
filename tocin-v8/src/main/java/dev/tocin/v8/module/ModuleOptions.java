package dev.tocin.v8.module;

import java.nio.file.Path;
import java.util.List;

/**
 * How a {@link ModuleSystem} finds and admits modules.
 *
 * @param roots       folders imports may load from; empty means "the folders of the modules the
 *                    host loads explicitly" (each {@code load}/{@code register} entry adds its folder)
 * @param conditions  extra package.json "exports"/"imports" conditions, matched in the package's
 *                    key order together with {@code import} and {@code default}; {@code node} and
 *                    {@code require} are never matched
 * @param allowData   admit {@code data:} URLs (text/javascript and application/json)
 * @param allowRemote admit {@code http:} and {@code https:} URLs (fetched once per runtime)
 * @param codeCache   folder for V8 code cache files (null: none), keyed by a SHA-256 of the
 *                    compiled source, the V8 version and the V8 flags, so a stale entry is never used
 */
public record ModuleOptions(List<Path> roots, List<String> conditions, boolean allowData, boolean allowRemote, Path codeCache) {
    public ModuleOptions(List<Path> roots, List<String> conditions, boolean allowData, boolean allowRemote) {
        this(roots, conditions, allowData, allowRemote, null);
    }

    public ModuleOptions {
        roots = List.copyOf(roots);
        conditions = List.copyOf(conditions);
        for (String c : conditions) {
            if (c.equals("node") || c.equals("require")) {
                throw new IllegalArgumentException("condition '" + c + "' is not supported: Tocin is not Node");
            }
        }
    }

    /** No explicit roots, no extra conditions, no data: or remote URLs. */
    public static ModuleOptions defaults() {
        return new ModuleOptions(List.of(), List.of(), false, false, null);
    }

    public ModuleOptions withRoots(Path... newRoots) {
        return new ModuleOptions(List.of(newRoots), conditions, allowData, allowRemote, codeCache);
    }

    public ModuleOptions withConditions(String... newConditions) {
        return new ModuleOptions(roots, List.of(newConditions), allowData, allowRemote, codeCache);
    }

    public ModuleOptions withAllowData(boolean allow) {
        return new ModuleOptions(roots, conditions, allow, allowRemote, codeCache);
    }

    public ModuleOptions withAllowRemote(boolean allow) {
        return new ModuleOptions(roots, conditions, allowData, allow, codeCache);
    }

    /** Keep V8 code cache files in {@code dir} (created when missing); null turns the cache off. */
    public ModuleOptions withCodeCache(Path dir) {
        return new ModuleOptions(roots, conditions, allowData, allowRemote, dir);
    }
}
