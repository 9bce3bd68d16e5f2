package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.reference.IV8ValuePromise;
import com.caoccao.javet.values.reference.V8ValueArray;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValuePromise;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CommonJS in one isolate: {@code require} (the JavaScript side is {@code cjs.js}; resolution,
 * the sandbox, reading and compiling are here) and the ES module facade through which
 * {@code import} sees a CommonJS file as Node does: {@code default} is {@code module.exports},
 * the named exports are those {@link CjsExportLexer} finds (following re-exports), read once
 * the file has run, when the facade evaluates.
 *
 * <p>Module bodies are compiled by V8 as functions of {@code (exports, require, module,
 * __filename, __dirname)} ({@code ScriptCompiler::CompileFunction}), so stack traces keep the
 * file's own lines and columns; the code cache applies to them as to ES modules.
 */
final class CommonJsLoader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommonJsLoader.class.getName());
    /** The module scope, then the host's import(), import.source() and import.defer() for this file (see cjs.js). */
    private static final String[] PARAMETERS = {"exports", "require", "module", "__filename", "__dirname", "$tcImp", "$tcSrc", "$tcDef"};
    /** Keeps a cached CommonJS body apart from the same text compiled as an ES module. */
    private static final String CACHE_KEY_PREFIX = "\u0000commonjs\u0000";

    private final ModuleIsolate v8;
    private final RequireResolver resolver;
    private final CodeCache codeCache;
    private final ModuleSystem system;
    private final Map<Path, CjsExportLexer.Result> lexed = new HashMap<>();
    private final Map<Path, String> pendingSources = new HashMap<>();
    private final List<JavetCallbackContext> callbacks = new ArrayList<>();
    private final List<V8Value> handles = new ArrayList<>();
    /** cjs.js's {esm, pick, clear}. */
    private final V8ValueObject host;

    CommonJsLoader(ModuleIsolate v8, Resolver requireResolver, CodeCache codeCache, ModuleSystem system) {
        this.v8 = v8;
        this.resolver = new RequireResolver(requireResolver);
        this.codeCache = codeCache;
        this.system = system;
        try (V8ValueFunction factory = v8.script(HostGlue.resource("cjs.js")).setResourceName("tocin:cjs.js").execute()) {
            host = factory.call(null, callback("resolve", this::jsResolve), callback("compile", this::jsCompile),
                    callback("readJson", this::jsReadJson), callback("requireEsm", this::jsRequireEsm));
            handles.add(host);
        } catch (JavetException e) {
            throw new IllegalStateException("cannot install the CommonJS loader: " + e.getMessage(), e);
        }
    }

    /**
     * The ES module source standing for a resolved file when it is CommonJS (Node's format rule,
     * see {@link RequireResolver#isCommonJs}), or null for an ES module or any other format. The first CommonJS
     * module the host itself loads ({@code hostLoad}) becomes {@code require.main}, as Node's entry.
     */
    String facade(Resolver.Resolved resolved, String source, boolean hostLoad, ModuleException.Phase phase) {
        if (resolved.format() != Resolver.Format.JAVASCRIPT || resolved.file() == null) {
            return null;
        }
        Path file = resolved.file();
        String url = resolved.url();
        CjsExportLexer.Result result;
        try {
            // ES modules are not lexed when their package.json says "type": "module", and never kept.
            var once = new CjsExportLexer.Result[1];
            if (!resolver.isCommonJs(file, () -> once[0] == null ? once[0] = CjsExportLexer.lex(source) : once[0])) {
                return null;
            }
            result = once[0] != null ? once[0] : CjsExportLexer.lex(source);
            lexed.put(file, result);
        } catch (ResolveError e) {
            throw ModuleException.of(phase, e.errorType(), e.getMessage() + " [" + e.code + "]").at(url, 0, 0).cause(e).build();
        }
        pendingSources.put(file, source);
        var names = new LinkedHashSet<String>();
        collectExports(file, result, names, new HashSet<>());
        names.remove("default");
        var sb = new StringBuilder("const h = globalThis[Symbol.for('tocin.cjs')], m = h.esm(")
                .append(JsLiteral.string(file.toString())).append(", ").append(JsLiteral.string(url)).append(", ")
                .append(JsLiteral.string(file.getParent().toString())).append(", ").append(hostLoad)
                .append(");\nexport default m;\n");
        var exports = new StringBuilder();
        int k = 0;
        for (String name : names) {
            String quoted = JsLiteral.string(name);
            sb.append("const e").append(k).append(" = h.pick(m, ").append(quoted).append(");\n");
            exports.append(k == 0 ? "" : ", ").append('e').append(k).append(" as ").append(quoted);
            k++;
        }
        if (k > 0) {
            sb.append("export { ").append(exports).append(" };\n");
        }
        return sb.toString();
    }

    private CjsExportLexer.Result lex(Path file, String source) {
        return lexed.computeIfAbsent(file, f -> CjsExportLexer.lex(source));
    }

    /** Node's cjsPreparseModuleExports: own names plus those of re-exported CommonJS files (unresolvable ones are skipped). */
    private void collectExports(Path file, CjsExportLexer.Result result, Set<String> names, Set<Path> seen) {
        if (!seen.add(file)) {
            return;
        }
        names.addAll(result.exports());
        for (String spec : result.reexports()) {
            try {
                var target = resolver.resolve(spec, file.getParent());
                if (target.kind() == RequireResolver.Kind.COMMONJS && !seen.contains(target.file())) {
                    collectExports(target.file(), lex(target.file(), Files.readString(target.file())), names, seen);
                }
            } catch (ResolveError | IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "re-export {0} of {1} not followed: {2}", spec, file, e.getMessage());
            }
        }
    }

    /** Forgets what was read from files and empties require.cache, so a reload runs CommonJS modules again. */
    void clearCaches() {
        lexed.clear();
        pendingSources.clear();
        try {
            host.invokeVoid("clear");
        } catch (JavetException e) {
            throw new IllegalStateException("cannot clear require.cache: " + e.getMessage(), e);
        }
    }

    // ---- callbacks of cjs.js ----

    private V8Value jsResolve(V8Value... args) throws JavetException {
        String request = ((V8ValueString) args[0]).getValue();
        Path parentDir = args[1] instanceof V8ValueString s ? Path.of(s.getValue()).getParent() : Path.of("").toAbsolutePath();
        try {
            var target = resolver.resolve(request, parentDir);
            String kind = switch (target.kind()) {
                case COMMONJS -> "cjs";
                case JSON -> "json";
                case ESM -> "esm";
                case EMPTY -> "empty";
            };
            return target.file() == null ? array(0, target.url(), target.url(), kind, "")
                    : array(0, target.file().toString(), target.url(), kind, target.file().getParent().toString());
        } catch (ResolveError e) {
            return array(1, e.errorType(), e.getMessage(), e.code);
        }
    }

    private V8Value jsCompile(V8Value... args) throws JavetException {
        Path file = Path.of(((V8ValueString) args[0]).getValue());
        String url = ((V8ValueString) args[1]).getValue();
        String source = pendingSources.remove(file);
        try {
            if (source == null) {
                source = Files.readString(file);
            }
            String text = source;
            if (!resolver.isCommonJs(file, () -> lex(file, text))) {
                return array(2);
            }
        } catch (IOException e) {
            return array(1, "Error", "Cannot read \"" + file + "\": " + e.getMessage(), "ERR_READ");
        } catch (ResolveError e) {
            return array(1, e.errorType(), e.getMessage(), e.code);
        }
        String code = source.startsWith("#!") ? "//" + source.substring(2) : source;
        if (SourceScan.mayUseImportCallOrMeta(code)) {
            // import() becomes $tcImp() (same length, so positions stay): a parameter bound to this file.
            JsParser.Result r = JsParser.script(code);
            if (r.code() != null) {
                code = r.code();
            }
        }
        try {
            byte[] cached = codeCache == null ? null : codeCache.lookup(CACHE_KEY_PREFIX + code);
            var executor = v8.script(code, cached);
            V8ValueFunction fn = executor.setResourceName(url).compileV8ValueFunction(PARAMETERS);
            if (codeCache != null && cached == null) {
                codeCache.store(CACHE_KEY_PREFIX + code, fn.getCachedData());
            }
            try (fn) {
                return array(0, fn);
            }
        } catch (BaseJavetScriptingException e) {
            var err = e.getScriptingError();
            return array(1, "SyntaxError", ModuleErrors.stripName(e.getMessage()), null,
                    url + ":" + err.getLineNumber() + ":" + (err.getStartColumn() + 1));
        }
    }

    private V8Value jsReadJson(V8Value... args) throws JavetException {
        Path file = Path.of(((V8ValueString) args[0]).getValue());
        try {
            return array(0, Files.readString(file));
        } catch (IOException e) {
            return array(1, "Error", "Cannot read \"" + file + "\": " + e.getMessage(), "ERR_READ");
        }
    }

    /** require(esm), as Node 22: linked and evaluated now; [0, namespace], [1, error...] or [3, thrown value]. */
    private V8Value jsRequireEsm(V8Value... args) throws JavetException {
        String url = ((V8ValueString) args[0]).getValue();
        String requirer = args[1] instanceof V8ValueString s ? Path.of(s.getValue()).toUri().toString() : null;
        var resolved = new Resolver.Resolved(url, Path.of(URI.create(url)), Resolver.Format.of(url));
        try {
            ModuleGraph.Entry entry = system.linkedForRequire(resolved, requirer);
            try (V8ValuePromise promise = system.evaluate(entry)) {
                if (promise.getState() == IV8ValuePromise.STATE_REJECTED) {
                    try (V8Value reason = promise.getResult()) {
                        return array(3, reason);
                    }
                }
                if (promise.getState() == IV8ValuePromise.STATE_PENDING) {
                    return array(1, "Error", "require() cannot load \"" + url + "\": it uses top-level await; import() it instead",
                            "ERR_REQUIRE_ASYNC_MODULE");
                }
                try (V8Value ns = entry.module.getNamespace()) {
                    return array(0, ns);
                }
            }
        } catch (ModuleException e) {
            return array(1, e.errorType(), e.jsMessage(), "ERR_REQUIRE_ESM");
        }
    }

    private V8Value array(Object... items) throws JavetException {
        V8ValueArray result = v8.values().createV8ValueArray();
        result.push(items);
        return result;
    }

    private V8ValueFunction callback(String name, IJavetDirectCallable.NoThisAndResult<Exception> body) throws JavetException {
        var context = new JavetCallbackContext(name, JavetCallbackType.DirectCallNoThisAndResult, body);
        var fn = v8.values().createV8ValueFunction(context);
        callbacks.add(context);
        handles.add(fn);
        return fn;
    }

    @Override
    public void close() {
        handles.forEach(V8Handles::release);
        handles.clear();
        v8.removeCallbacks(callbacks);
    }
}
