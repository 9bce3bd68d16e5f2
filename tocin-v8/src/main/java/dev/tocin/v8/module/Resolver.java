package dev.tocin.v8.module;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns an import specifier into the canonical URL of a module, following Node's ESM resolution
 * algorithm (ESM_RESOLVE, PACKAGE_RESOLVE, PACKAGE_EXPORTS_RESOLVE, PACKAGE_IMPORTS_RESOLVE,
 * PACKAGE_TARGET_RESOLVE with '*' patterns and conditions) with three deliberate differences,
 * documented in docs/modules.md: names registered by the host resolve first; a relative or
 * absolute specifier without an extension that names no file tries {@code .mjs}, {@code .js},
 * then a folder's {@code index.mjs}/{@code index.js} (Node refuses); packages without "exports"
 * use "module" before "main". Every file URL is the real path (symlinks resolved), so one file is
 * one module, and every file must lie under a sandbox root.
 */
final class Resolver {
    /** How a module's bytes are read: see {@link ModuleCode}. TEXT and BYTES come from import attributes. */
    enum Format {
        JAVASCRIPT, TYPESCRIPT, JSON, TEXT, BYTES;

        /** By file name: .json is JSON, .ts/.mts/.cts/.tsx TypeScript, anything else JavaScript. */
        static Format of(String name) {
            if (name.endsWith(".json")) {
                return JSON;
            }
            return TypeScript.isTypeScript(name) ? TYPESCRIPT : JAVASCRIPT;
        }
    }

    /** A resolved module: its canonical URL, its file (null for data:/http: URLs) and format. */
    record Resolved(String url, Path file, Format format) {
    }

    private static final List<String> PROBE_SUFFIXES = List.of(".mjs", ".js", ".ts", ".tsx", ".mts",
            "/index.mjs", "/index.js", "/index.ts", "/index.tsx");
    /** TypeScript sources import each other by the name of their output (./x.js for x.ts), as Deno's sloppy imports allow. */
    private static final Map<String, List<String>> TYPESCRIPT_TWINS = Map.of(
            ".js", List.of(".ts", ".tsx"), ".mjs", List.of(".mts"), ".cjs", List.of(".cts"), ".jsx", List.of(".tsx"));

    private final ModuleFiles files;
    private final Set<String> conditions;
    private final boolean allowData;
    private final boolean allowRemote;
    private final List<Path> roots;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final PackageConfigs packages;

    Resolver(ModuleOptions options) {
        this(options, ModuleFiles.DISK);
    }

    Resolver(ModuleOptions options, ModuleFiles files) {
        this(options, files, "import", new CopyOnWriteArrayList<>(), new PackageConfigs(files));
        for (Path root : options.roots()) {
            addRoot(root);
        }
    }

    private Resolver(ModuleOptions options, ModuleFiles files, String mainCondition, List<Path> roots,
                     PackageConfigs packages) {
        this.files = files;
        var set = new LinkedHashSet<String>(options.conditions());
        set.add(mainCondition);
        set.add("default");
        this.conditions = Set.copyOf(set);
        this.allowData = options.allowData();
        this.allowRemote = options.allowRemote();
        this.roots = roots;
        this.packages = packages;
    }

    /** A resolver for CommonJS {@code require}: the same roots and package.json cache, "require" instead of "import". */
    Resolver forRequire(ModuleOptions options) {
        return new Resolver(options, files, "require", roots, packages);
    }

    /** Whether "exports" targets under {@code condition} are matched (e.g. "browser" from ModuleOptions.conditions). */
    boolean hasCondition(String condition) {
        return conditions.contains(condition);
    }

    /** Admits files under {@code root} (its real path, so a symlinked root works). */
    void addRoot(Path root) {
        Path real;
        try {
            real = files.realPath(root);
        } catch (IOException e) {
            real = root.toAbsolutePath().normalize();
        }
        if (!roots.contains(real)) {
            roots.add(real);
        }
    }

    boolean hasRoots() {
        return !roots.isEmpty();
    }

    /** Makes {@code name} an import specifier for the module at {@code url}. */
    void register(String name, String url) {
        names.put(name, url);
    }

    Optional<String> registered(String name) {
        return Optional.ofNullable(names.get(name));
    }

    /** Forgets cached package.json files (they may have changed). */
    void clearCaches() {
        packages.clear();
    }

    /**
     * Resolves {@code specifier} imported by the module at {@code referrerUrl}, or, when that is
     * null, relative to {@code baseDir} (the host's own imports).
     */
    Resolved resolve(String specifier, String referrerUrl, Path baseDir) throws ResolveError {
        String registered = names.get(specifier);
        if (registered != null) {
            return byUrl(registered);
        }
        if (specifier.startsWith("./") || specifier.startsWith("../") || specifier.equals(".") || specifier.equals("..")) {
            return relative(specifier, referrerUrl, baseDir);
        }
        if (specifier.startsWith("/")) {
            return file(fileOf(specifier), true, specifier);
        }
        if (specifier.startsWith("#")) {
            return packageImports(specifier, referrerDir(referrerUrl, baseDir));
        }
        int colon = specifier.indexOf(':');
        if (colon > 1 && specifier.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return url(specifier, referrerUrl);
        }
        return packageResolve(specifier, referrerDir(referrerUrl, baseDir));
    }

    private Resolved byUrl(String url) throws ResolveError {
        if (url.startsWith("file:")) {
            return file(Path.of(URI.create(url)), false, url);
        }
        return url(url, null);
    }

    private Resolved relative(String specifier, String referrerUrl, Path baseDir) throws ResolveError {
        if (referrerUrl != null && !referrerUrl.startsWith("file:")) {
            if (referrerUrl.startsWith("http:") || referrerUrl.startsWith("https:")) {
                return url(URI.create(referrerUrl).resolve(specifier).toString(), referrerUrl);
            }
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER",
                    "Relative import \"" + specifier + "\" cannot be resolved from " + referrerUrl);
        }
        Path dir = referrerDir(referrerUrl, baseDir);
        Path target;
        try {
            target = dir.resolve(specifier).normalize();
        } catch (InvalidPathException e) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid module specifier \"" + specifier + "\"");
        }
        return file(target, true, specifier);
    }

    private Resolved url(String specifier, String referrerUrl) throws ResolveError {
        String scheme = specifier.substring(0, specifier.indexOf(':')).toLowerCase(Locale.ROOT);
        if (scheme.equals("data")) {
            if (!allowData) {
                throw new ResolveError("ERR_SANDBOX", "data: URLs are not allowed (ModuleOptions.withAllowData(true) enables them): \""
                        + abbreviate(specifier) + "\"");
            }
            if (specifier.indexOf(',') < 0) {
                throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid data: URL \"" + abbreviate(specifier) + "\"");
            }
            return new Resolved(specifier, null, specifier.startsWith("data:application/json") ? Format.JSON : Format.JAVASCRIPT);
        }
        URI uri;
        try {
            uri = new URI(specifier);
        } catch (URISyntaxException e) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid URL \"" + specifier + "\": " + e.getReason());
        }
        return switch (scheme) {
            case "file" -> file(Path.of(uri), false, specifier);
            case "http", "https" -> {
                if (!allowRemote) {
                    throw new ResolveError("ERR_SANDBOX", "Remote modules are not allowed (ModuleOptions.withAllowRemote(true) enables them): \""
                            + specifier + "\"");
                }
                yield new Resolved(uri.normalize().toString(), null, Format.of(uri.getPath()));
            }
            case "node" -> throw NodeBuiltins.refused(specifier);
            default -> throw new ResolveError("ERR_UNSUPPORTED_URL",
                    "Unsupported URL scheme \"" + scheme + ":\" in \"" + specifier + "\"");
        };
    }

    private static Path fileOf(String specifier) throws ResolveError {
        try {
            return Path.of(specifier).normalize();
        } catch (InvalidPathException e) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid module specifier \"" + specifier + "\"");
        }
    }

    private Path referrerDir(String referrerUrl, Path baseDir) throws ResolveError {
        if (referrerUrl == null || !referrerUrl.startsWith("file:")) {
            return baseDir.toAbsolutePath();
        }
        try {
            return Path.of(URI.create(referrerUrl)).getParent();
        } catch (IllegalArgumentException e) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid referrer URL " + referrerUrl);
        }
    }

    /** A file module: the exact file, or (when {@code probe}) the extension and index fallbacks. */
    private Resolved file(Path path, boolean probe, String specifier) throws ResolveError {
        Path found = existingFile(path, probe);
        if (found == null) {
            throw new ResolveError("ERR_MODULE_NOT_FOUND", "Module not found \"" + path.toUri() + "\""
                    + (specifier.equals(path.toString()) ? "" : " (from specifier \"" + specifier + "\")"));
        }
        Path real;
        try {
            real = files.realPath(found);
        } catch (IOException e) {
            throw new ResolveError("ERR_MODULE_NOT_FOUND", "Module not found \"" + found.toUri() + "\": " + e.getMessage());
        }
        checkSandbox(found, real);
        String name = real.getFileName().toString();
        if (name.endsWith(".node")) {
            throw new ResolveError("ERR_UNKNOWN_FILE_EXTENSION",
                    "Native addons are not supported: \"" + real.toUri() + "\"");
        }
        return new Resolved(real.toUri().toString(), real, Format.of(name));
    }

    private Path existingFile(Path path, boolean probe) {
        if (files.isFile(path)) {
            return path;
        }
        if (!probe) {
            return null;
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        boolean hasExtension = name.lastIndexOf('.') > 0;
        if (hasExtension) {
            String extension = name.substring(name.lastIndexOf('.'));
            for (String twin : TYPESCRIPT_TWINS.getOrDefault(extension, List.of())) {
                Path candidate = path.resolveSibling(name.substring(0, name.length() - extension.length()) + twin);
                if (files.isFile(candidate)) {
                    return candidate;
                }
            }
        }
        for (String suffix : PROBE_SUFFIXES) {
            if (hasExtension && !suffix.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(path + suffix);
            if (files.isFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private void checkSandbox(Path requested, Path real) throws ResolveError {
        if (roots.isEmpty()) {
            return;
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return;
            }
        }
        boolean symlink = !requested.toAbsolutePath().normalize().equals(real);
        throw new ResolveError("ERR_SANDBOX", "Access to \"" + real.toUri() + "\" is outside the module roots "
                + roots.stream().map(p -> p.toUri().toString()).toList()
                + (symlink ? " (reached through a symbolic link from \"" + requested.toUri() + "\")" : "")
                + "; add the folder to ModuleOptions.roots to allow it");
    }

    // ---- packages ----

    private Resolved packageResolve(String specifier, Path fromDir) throws ResolveError {
        if (specifier.isEmpty()) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Empty module specifier");
        }
        String packageName;
        int slash = specifier.indexOf('/');
        if (specifier.startsWith("@")) {
            if (slash < 0) {
                throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid package name \"" + specifier + "\": a scope needs a name");
            }
            int second = specifier.indexOf('/', slash + 1);
            packageName = second < 0 ? specifier : specifier.substring(0, second);
        } else {
            packageName = slash < 0 ? specifier : specifier.substring(0, slash);
        }
        if (packageName.startsWith(".") || packageName.contains("\\") || packageName.contains("%")) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid package name \"" + packageName + "\"");
        }
        String subpath = "." + specifier.substring(packageName.length());
        if (subpath.endsWith("/")) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Package subpath \"" + subpath + "\" must not end with '/'");
        }
        Resolved self = packageSelfResolve(packageName, subpath, fromDir, specifier);
        if (self != null) {
            return self;
        }
        for (Path dir = fromDir; dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("node_modules")) {
                continue;
            }
            Path packageDir = dir.resolve("node_modules").resolve(packageName);
            if (!files.isDirectory(packageDir)) {
                continue;
            }
            var pjson = packageJson(packageDir);
            if (pjson.isPresent() && present(pjson.get().get("exports"))) {
                return packageExports(packageDir, subpath, pjson.get().get("exports"), specifier);
            }
            if (subpath.equals(".")) {
                return legacyMain(packageDir, pjson.orElse(Map.of()), specifier);
            }
            return file(packageDir.resolve(subpath).normalize(), true, specifier);
        }
        if (NodeBuiltins.isBuiltin(specifier)) {
            throw NodeBuiltins.refused(specifier);
        }
        throw new ResolveError("ERR_MODULE_NOT_FOUND", "Cannot find package '" + packageName
                + "' in any node_modules folder from \"" + fromDir.toUri() + "\"");
    }

    private Resolved packageSelfResolve(String packageName, String subpath, Path fromDir, String specifier) throws ResolveError {
        Path scope = packageScope(fromDir);
        if (scope == null) {
            return null;
        }
        var pjson = packageJson(scope).orElse(Map.of());
        if (!packageName.equals(pjson.get("name")) || !present(pjson.get("exports"))) {
            return null;
        }
        return packageExports(scope, subpath, pjson.get("exports"), specifier);
    }

    private Resolved legacyMain(Path packageDir, Map<String, Object> pjson, String specifier) throws ResolveError {
        for (String field : List.of("module", "main")) {
            if (pjson.get(field) instanceof String main) {
                Path found = existingFile(packageDir.resolve(main).normalize(), true);
                if (found != null) {
                    return file(found, false, specifier);
                }
            }
        }
        Path index = existingFile(packageDir.resolve("index"), true);
        if (index == null) {
            throw new ResolveError("ERR_MODULE_NOT_FOUND", "Cannot find the entry point of package \"" + packageDir.toUri()
                    + "\": no \"exports\", no \"module\"/\"main\" file and no index.mjs/index.js (imported as \"" + specifier + "\")");
        }
        return file(index, false, specifier);
    }

    private Resolved packageExports(Path packageDir, String subpath, Object exports, String specifier) throws ResolveError {
        if (exports instanceof Map<?, ?> map && !map.isEmpty()) {
            boolean dotted = false;
            boolean plain = false;
            for (Object key : map.keySet()) {
                if (((String) key).startsWith(".")) {
                    dotted = true;
                } else {
                    plain = true;
                }
            }
            if (dotted && plain) {
                throw new ResolveError("ERR_INVALID_PACKAGE_CONFIG", "Invalid \"exports\" in \"" + packageDir.resolve("package.json").toUri()
                        + "\": keys must all start with '.' or none may");
            }
        }
        if (subpath.equals(".")) {
            Object mainExport = null;
            if (exports instanceof String || exports instanceof List<?>
                    || (exports instanceof Map<?, ?> m && m.keySet().stream().noneMatch(k -> ((String) k).startsWith(".")))) {
                mainExport = exports;
            } else if (exports instanceof Map<?, ?> m) {
                mainExport = m.get(".");
            }
            if (mainExport != null) {
                var resolved = targetResolve(packageDir, mainExport, null, false, specifier);
                if (resolved != null) {
                    return resolved;
                }
            }
        } else if (exports instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> ((String) k).startsWith("."))) {
            @SuppressWarnings("unchecked")
            var resolved = importsExportsResolve(subpath, (Map<String, Object>) m, packageDir, false, specifier);
            if (resolved != null) {
                return resolved;
            }
        }
        throw new ResolveError("ERR_PACKAGE_PATH_NOT_EXPORTED", (subpath.equals(".") ? "No \"exports\" main defined"
                : "Package subpath '" + subpath + "' is not defined by \"exports\"") + " in \""
                + packageDir.resolve("package.json").toUri() + "\" (imported as \"" + specifier + "\")");
    }

    private Resolved packageImports(String specifier, Path fromDir) throws ResolveError {
        if (specifier.equals("#") || specifier.startsWith("#/")) {
            throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid import specifier \"" + specifier
                    + "\": \"#\" and \"#/\" are not valid package imports");
        }
        Path scope = packageScope(fromDir);
        if (scope != null && packageJson(scope).orElse(Map.of()).get("imports") instanceof Map<?, ?> imports) {
            @SuppressWarnings("unchecked")
            var resolved = importsExportsResolve(specifier, (Map<String, Object>) imports, scope, true, specifier);
            if (resolved != null) {
                return resolved;
            }
        }
        throw new ResolveError("ERR_PACKAGE_IMPORT_NOT_DEFINED", "Package import specifier \"" + specifier + "\" is not defined"
                + (scope == null ? " (no package.json above \"" + fromDir.toUri() + "\")"
                : " in \"" + scope.resolve("package.json").toUri() + "\""));
    }

    private Resolved importsExportsResolve(String matchKey, Map<String, Object> matchObj, Path packageDir,
                                           boolean isImports, String specifier) throws ResolveError {
        if (matchObj.containsKey(matchKey) && !matchKey.contains("*")) {
            return targetResolve(packageDir, matchObj.get(matchKey), null, isImports, specifier);
        }
        List<String> expansionKeys = new ArrayList<>();
        for (String key : matchObj.keySet()) {
            int star = key.indexOf('*');
            if (star >= 0 && key.indexOf('*', star + 1) < 0) {
                expansionKeys.add(key);
            }
        }
        expansionKeys.sort(PATTERN_KEY_COMPARE);
        for (String key : expansionKeys) {
            int star = key.indexOf('*');
            String base = key.substring(0, star);
            if (matchKey.startsWith(base) && !matchKey.equals(base)) {
                String trailer = key.substring(star + 1);
                if (trailer.isEmpty() || (matchKey.endsWith(trailer) && matchKey.length() >= key.length())) {
                    String patternMatch = matchKey.substring(base.length(), matchKey.length() - trailer.length());
                    return targetResolve(packageDir, matchObj.get(key), patternMatch, isImports, specifier);
                }
            }
        }
        return null;
    }

    /** Node's PATTERN_KEY_COMPARE: longer prefix before '*' first, then longer key. */
    static final Comparator<String> PATTERN_KEY_COMPARE = (a, b) -> {
        int starA = a.indexOf('*');
        int starB = b.indexOf('*');
        int baseA = starA < 0 ? a.length() : starA + 1;
        int baseB = starB < 0 ? b.length() : starB + 1;
        if (baseA != baseB) {
            return baseA > baseB ? -1 : 1;
        }
        if (starA < 0) {
            return 1;
        }
        if (starB < 0) {
            return -1;
        }
        return Integer.compare(b.length(), a.length());
    };

    /** Node's PACKAGE_TARGET_RESOLVE; null means "no match here" (undefined or null target). */
    private Resolved targetResolve(Path packageDir, Object target, String patternMatch, boolean isImports,
                                   String specifier) throws ResolveError {
        if (target instanceof String t) {
            if (!t.startsWith("./")) {
                if (!isImports || t.startsWith("../") || t.startsWith("/") || t.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                    throw invalidTarget(packageDir, t, specifier);
                }
                String bare = patternMatch == null ? t : t.replace("*", patternMatch);
                return packageResolve(bare, packageDir);
            }
            if (hasInvalidSegment(t.substring(2))) {
                throw invalidTarget(packageDir, t, specifier);
            }
            if (patternMatch != null && hasInvalidSegment(patternMatch)) {
                throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid subpath \"" + patternMatch
                        + "\" matched by a pattern in \"" + packageDir.resolve("package.json").toUri() + "\" (imported as \"" + specifier + "\")");
            }
            String resolvedTarget = patternMatch == null ? t : t.replace("*", patternMatch);
            Path path = packageDir.resolve(resolvedTarget).normalize();
            if (!path.startsWith(packageDir)) {
                throw invalidTarget(packageDir, t, specifier);
            }
            return file(path, false, specifier);
        }
        if (target instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                String key = (String) entry.getKey();
                if (key.matches("\\d+")) {
                    throw new ResolveError("ERR_INVALID_PACKAGE_CONFIG", "\"exports\" conditions in \""
                            + packageDir.resolve("package.json").toUri() + "\" cannot be numeric keys (\"" + key + "\")");
                }
                if (conditions.contains(key)) {
                    var resolved = targetResolve(packageDir, entry.getValue(), patternMatch, isImports, specifier);
                    if (resolved != null) {
                        return resolved;
                    }
                }
            }
            return null;
        }
        if (target instanceof List<?> list) {
            ResolveError last = null;
            for (Object item : list) {
                try {
                    var resolved = targetResolve(packageDir, item, patternMatch, isImports, specifier);
                    if (resolved != null) {
                        return resolved;
                    }
                } catch (ResolveError e) {
                    if (!e.code.equals("ERR_INVALID_PACKAGE_TARGET")) {
                        throw e;
                    }
                    last = e;
                }
            }
            if (last != null) {
                throw last;
            }
            return null;
        }
        if (target == null || target == Json.NULL) {
            return null;
        }
        throw invalidTarget(packageDir, String.valueOf(target), specifier);
    }

    private static boolean hasInvalidSegment(String path) {
        for (String segment : path.split("[/\\\\]", -1)) {
            String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private static ResolveError invalidTarget(Path packageDir, String target, String specifier) {
        return new ResolveError("ERR_INVALID_PACKAGE_TARGET", "Invalid package target \"" + target + "\" in \""
                + packageDir.resolve("package.json").toUri() + "\" (imported as \"" + specifier + "\")");
    }

    /** LOOKUP_PACKAGE_SCOPE: the nearest folder with a package.json, not crossing node_modules. */
    Path packageScope(Path fromDir) {
        return packages.scope(fromDir);
    }

    Optional<Map<String, Object>> packageJson(Path packageDir) throws ResolveError {
        return packages.read(packageDir);
    }

    static boolean present(Object value) {
        return value != null && value != Json.NULL;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
