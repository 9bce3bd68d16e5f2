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
 */
public record ModuleOptions(List<Path> roots, List<String> conditions, boolean allowData, boolean allowRemote) {
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
        return new ModuleOptions(List.of(), List.of(), false, false);
    }

    public ModuleOptions withRoots(Path... newRoots) {
        return new ModuleOptions(List.of(newRoots), conditions, allowData, allowRemote);
    }

    public ModuleOptions withConditions(String... newConditions) {
        return new ModuleOptions(roots, List.of(newConditions), allowData, allowRemote);
    }

    public ModuleOptions withAllowData(boolean allow) {
        return new ModuleOptions(roots, conditions, allow, allowRemote);
    }

    public ModuleOptions withAllowRemote(boolean allow) {
        return new ModuleOptions(roots, conditions, allowData, allow);
    }
}
