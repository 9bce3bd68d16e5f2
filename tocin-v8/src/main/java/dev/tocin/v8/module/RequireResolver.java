package dev.tocin.v8.module;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Node's CommonJS resolution ({@code require.resolve}) and the format rule shared with ES
 * imports. Relative and absolute requests try the file, then {@code .js}, {@code .json},
 * then the folder ({@code package.json} "main", {@code index.js}, {@code index.json}); bare
 * requests walk {@code node_modules} upward, using "exports" with the {@code require}
 * condition when the package has it (through a {@link Resolver} made for "require"), else
 * "main" and index files. {@code #imports} and self-references also go through "exports".
 * Every file is checked against the sandbox roots by that resolver.
 */
final class RequireResolver {
    /** How a resolved file is loaded by {@code require}; EMPTY is a package.json "browser" entry of {@code false}. */
    enum Kind { COMMONJS, JSON, ESM, EMPTY }

    /** A resolved request: canonical URL, real path and kind. */
    record Target(String url, Path file, Kind kind) {
    }

    private static final List<String> FILE_SUFFIXES = List.of("", ".js", ".json", ".node");
    private static final List<String> INDEX_FILES = List.of("index.js", "index.json", "index.node");

    private final Resolver resolver;

    /** {@code resolver} must match the "require" condition ({@link Resolver#forRequire}). */
    RequireResolver(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Resolves {@code request} made by code in {@code parentDir}. */
    Target resolve(String request, Path parentDir) throws ResolveError {
        if (request.isEmpty()) {
            throw new ResolveError("ERR_INVALID_ARG_VALUE", "The argument 'id' must be a non-empty string");
        }
        if (request.startsWith("node:")) {
            throw NodeBuiltins.refused(request);
        }
        boolean relative = request.equals(".") || request.equals("..") || request.startsWith("./") || request.startsWith("../");
        if (relative || request.startsWith("/")) {
            Path base;
            try {
                base = parentDir.resolve(request).normalize();
            } catch (InvalidPathException e) {
                throw new ResolveError("ERR_INVALID_MODULE_SPECIFIER", "Invalid module request \"" + request + "\"");
            }
            Path found = fileOrDirectory(base, request.endsWith("/"));
            if (found == null) {
                throw notFound(request);
            }
            return browserFalse(parentDir, found, null) ? empty(request) : target(found);
        }
        if (request.startsWith("#")) {
            return target(resolver.resolve(request, parentDir.resolve("_").toUri().toString(), parentDir));
        }
        return bare(request, parentDir);
    }

    private Target bare(String request, Path parentDir) throws ResolveError {
        String name = packageName(request);
        Path scope = resolver.packageScope(parentDir);
        if (scope != null && resolver.packageJson(scope).orElse(Map.of()) instanceof Map<String, Object> self
                && name.equals(self.get("name")) && Resolver.present(self.get("exports"))) {
            return target(resolver.resolve(request, parentDir.resolve("_").toUri().toString(), parentDir));
        }
        for (Path dir = parentDir; dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("node_modules")) {
                continue;
            }
            Path packageDir = dir.resolve("node_modules").resolve(name);
            if (!Files.isDirectory(packageDir)) {
                continue;
            }
            var pjson = resolver.packageJson(packageDir).orElse(Map.of());
            if (Resolver.present(pjson.get("exports"))) {
                return target(resolver.resolve(request, dir.resolve("_").toUri().toString(), dir));
            }
            Path found = fileOrDirectory(packageDir.resolve("." + request.substring(name.length())).normalize(), false);
            if (found != null) {
                return target(found);
            }
        }
        if (NodeBuiltins.isBuiltin(request)) {
            if (browserFalse(parentDir, null, request)) {
                return empty(request);
            }
            throw NodeBuiltins.refused(request);
        }
        throw notFound(request);
    }

    /**
     * Whether the requiring package's "browser" object maps this file or built-in name to
     * {@code false} (the browser-field convention for "not needed outside Node"; e.g.
     * object-inspect's {@code "./util.inspect.js": false}, which would otherwise require Node's util).
     */
    private boolean browserFalse(Path parentDir, Path file, String builtin) throws ResolveError {
        Path scope = resolver.packageScope(parentDir);
        if (scope == null || !(resolver.packageJson(scope).orElse(Map.of()).get("browser") instanceof Map<?, ?> browser)) {
            return false;
        }
        for (var e : browser.entrySet()) {
            if (!Boolean.FALSE.equals(e.getValue())) {
                continue;
            }
            String key = (String) e.getKey();
            if (builtin != null ? key.equals(builtin) : file.equals(scope.resolve(key).normalize())
                    || file.equals(Path.of(scope.resolve(key).normalize() + ".js"))) {
                return true;
            }
        }
        return false;
    }

    private static Target empty(String request) {
        return new Target("tocin:empty:" + request, null, Kind.EMPTY);
    }

    private static String packageName(String request) {
        int slash = request.indexOf('/');
        if (request.startsWith("@") && slash > 0) {
            int second = request.indexOf('/', slash + 1);
            return second < 0 ? request : request.substring(0, second);
        }
        return slash < 0 ? request : request.substring(0, slash);
    }

    /** LOAD_AS_FILE then LOAD_AS_DIRECTORY; null when neither finds a file. */
    private Path fileOrDirectory(Path base, boolean directoryOnly) throws ResolveError {
        if (!directoryOnly) {
            for (String suffix : FILE_SUFFIXES) {
                Path candidate = Path.of(base + suffix);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        if (!Files.isDirectory(base)) {
            return null;
        }
        var pjson = resolver.packageJson(base).orElse(Map.of());
        // With the "browser" condition asked for, a string "browser" field replaces "main" (debug's src/browser.js).
        Object mainField = resolver.hasCondition("browser") && pjson.get("browser") instanceof String browser ? browser : pjson.get("main");
        if (mainField instanceof String main && !main.isEmpty()) {
            Path m = base.resolve(main).normalize();
            for (String suffix : FILE_SUFFIXES) {
                if (Files.isRegularFile(Path.of(m + suffix))) {
                    return Path.of(m + suffix);
                }
            }
            Path index = index(m);
            if (index != null) {
                return index;
            }
        }
        return index(base);
    }

    private static Path index(Path dir) {
        for (String name : INDEX_FILES) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The sandbox check and canonical URL come from the resolver, which takes an absolute file as is. */
    private Target target(Path file) throws ResolveError {
        return target(resolver.resolve(file.toAbsolutePath().toString(), null, file.getParent()));
    }

    private Target target(Resolver.Resolved resolved) throws ResolveError {
        if (resolved.file() == null) {
            throw new ResolveError("ERR_UNSUPPORTED_URL", "require() can only load files, not \"" + resolved.url() + "\"");
        }
        if (resolved.format() == Resolver.Format.JSON) {
            return new Target(resolved.url(), resolved.file(), Kind.JSON);
        }
        // A file whose package.json gives no "type" is decided from its source by the caller (isCommonJs).
        return new Target(resolved.url(), resolved.file(), declaredType(resolved.file()).equals("module") ? Kind.ESM : Kind.COMMONJS);
    }

    /**
     * Whether a file is CommonJS: {@code .mjs} never; otherwise, unless it has ES module syntax,
     * {@code .cjs} and files whose nearest package.json "type" is "commonjs". Without a "type", a file with
     * {@code import}/{@code export} declarations or {@code import.meta} is an ES module (Node
     * 22's syntax detection); inside {@code node_modules} every other file is CommonJS (Node's
     * rule for packages); outside it, a file is CommonJS only when it uses CommonJS
     * ({@code require(}, {@code module.exports}, {@code exports.x}, {@code __dirname}, ...), so
     * scripts written as ES modules without imports keep module semantics (our decision). The
     * source is lexed only when the package.json gives no "type".
     */
    boolean isCommonJs(Path file, Supplier<CjsExportLexer.Result> lexed) throws ResolveError {
        return switch (declaredType(file)) {
            case "module" -> false;
            // A file with import/export declarations cannot run as CommonJS at all: an ES module it is,
            // even under "type": "commonjs" (underscore's "default" export target is such a file).
            case "commonjs" -> !lexed.get().esmSyntax();
            default -> !lexed.get().esmSyntax() && (inNodeModules(file) || lexed.get().commonJsSyntax());
        };
    }

    private static boolean inNodeModules(Path file) {
        for (Path part : file) {
            if (part.toString().equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** "module", "commonjs", or "" when the package.json says nothing (decided by extension first). */
    String declaredType(Path file) throws ResolveError {
        String name = file.getFileName().toString();
        if (name.endsWith(".mjs")) {
            return "module";
        }
        if (name.endsWith(".cjs")) {
            return "commonjs";
        }
        Path scope = resolver.packageScope(file.getParent());
        if (scope == null) {
            return "";
        }
        return resolver.packageJson(scope).orElse(Map.of()).get("type") instanceof String type
                && (type.equals("module") || type.equals("commonjs")) ? type : "";
    }

    private static ResolveError notFound(String request) {
        return new ResolveError("MODULE_NOT_FOUND", "Cannot find module '" + request + "'");
    }
}
