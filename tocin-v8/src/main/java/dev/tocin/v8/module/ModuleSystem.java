package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.IV8ModuleResolver;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueNull;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.primitive.V8ValueUndefined;
import com.caoccao.javet.values.reference.IV8Module;
import com.caoccao.javet.values.reference.IV8ValuePromise;
import com.caoccao.javet.values.reference.V8Module;
import com.caoccao.javet.values.reference.V8ValueArray;
import com.caoccao.javet.values.reference.V8ValueError;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValuePromise;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ES module system of one V8 isolate: resolves specifiers (see {@link Resolver}), compiles
 * each canonical URL once, links, evaluates (waiting for top-level await by running the host's
 * event loop), and provides {@code import()}, {@code import.meta} and REPL imports through a
 * source transform made with a real parser ({@link JsParser}).
 *
 * <p>Not thread-safe: every method must be called on the isolate's own thread (the event loop),
 * which is also the thread V8 calls back on.
 */
public final class ModuleSystem implements AutoCloseable {
    /** Runs the host's event loop on the isolate thread until {@code done} or the deadline. */
    @FunctionalInterface
    public interface Loop {
        void runUntil(BooleanSupplier done, long deadlineNanos);

        /** A loop for hosts without timers: each turn is a V8 microtask checkpoint. */
        static Loop microtasks(V8Runtime v8) {
            return (done, deadline) -> {
                // Microtasks run when a call into V8 returns; a pending promise that no microtask
                // can settle stays pending, so stop once a checkpoint changed nothing.
                for (int idle = 0; !done.getAsBoolean() && idle < 3 && System.nanoTime() < deadline; idle++) {
                    try {
                        v8.getExecutor("undefined").executeVoid();
                    } catch (JavetException e) {
                        throw new IllegalStateException("microtask checkpoint failed", e);
                    }
                }
            };
        }
    }

    /** The result of {@link #transformRepl}: a script to run, and whether it yields a promise. */
    public record ReplCode(String script, boolean async) {
    }

    private static final System.Logger LOG = System.getLogger(ModuleSystem.class.getName());
    static final String HOST_SPECIFIER = "tocin:host";
    /** V8 14.7 accepts {@code new import('x').prop}; our parser rejects it, and we trust the parser there. */
    private static final Pattern NEW_IMPORT = Pattern.compile("\\bnew\\s+import\\s*\\(");
    private static final Pattern STACK_LOCATION = Pattern.compile("\\(?((?:file|data|https?|tocin):[^\\s()]*?):(\\d+):(\\d+)\\)?");
    private static final String HOST_IMPORT_LINE = "\nimport { i as $tcImp, m as $tcMta } from \"" + HOST_SPECIFIER + "\";";

    /** One module: its V8 record, source, outgoing edges, and the importer that first asked for it. */
    private static final class Entry {
        final String url;
        final Path file;
        final String source;
        final V8Module module;
        final Set<String> deps = new LinkedHashSet<>();
        List<JsParser.StaticImport> imports;
        /** The promise V8 returned when this module was evaluated as a root; Javet returns nothing later. */
        V8ValuePromise evaluation;

        Entry(String url, Path file, String source, V8Module module) {
            this.url = url;
            this.file = file;
            this.source = source;
            this.module = module;
        }
    }

    private final V8Runtime v8;
    private final ModuleOptions options;
    private final Loop loop;
    private final Resolver resolver;
    private final Resolver hostResolver;
    private final CodeCache codeCache;
    private final CommonJsLoader commonJs;
    private final Map<String, Entry> modules = new HashMap<>();
    private final Map<String, V8Module> hostModules = new HashMap<>();
    private final Map<String, String> firstImporter = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final List<V8Value> handles = new ArrayList<>();
    private final List<JavetCallbackContext> callbacks = new ArrayList<>();
    private ModuleException pendingError;
    private Path scriptBase = Path.of("").toAbsolutePath();
    private HttpClient http;

    /**
     * Installs the module host into {@code v8} (its module resolver, and the hidden globals
     * {@code $tcImp}/{@code $tcNs} that transformed scripts call).
     */
    public ModuleSystem(V8Runtime v8, ModuleOptions options, Loop loop) {
        this.v8 = v8;
        this.options = options;
        this.loop = loop;
        this.resolver = new Resolver(options);
        this.hostResolver = new Resolver(options);
        this.codeCache = options.codeCache() == null ? null
                : new CodeCache(options.codeCache(), v8.getVersion(), com.caoccao.javet.interop.options.V8RuntimeOptions.V8_FLAGS.toString());
        try {
            v8.setV8ModuleResolver(new HostResolver());
            try (V8ValueFunction factory = v8.getExecutor(JsParser.resource("host.js")).setResourceName("tocin:host.js").execute()) {
                V8ValueFunction load = callback("load", this::jsLoad);
                V8ValueFunction resolve = callback("resolve", this::jsResolve);
                V8ValueFunction namespace = callback("namespace", this::jsNamespace);
                handles.add(factory.call(null, load, resolve, namespace));
            }
            commonJs = new CommonJsLoader(v8, resolver.forRequire(options), codeCache, this::requireEsm);
        } catch (JavetException e) {
            throw new IllegalStateException("cannot install the module host: " + e.getMessage(), e);
        }
    }

    private V8ValueFunction callback(String name, IJavetDirectCallable.NoThisAndResult<Exception> body) throws JavetException {
        var context = new JavetCallbackContext(name, JavetCallbackType.DirectCallNoThisAndResult, body);
        var fn = v8.createV8ValueFunction(context);
        callbacks.add(context);
        handles.add(fn);
        return fn;
    }

    /** Folder that import() in scripts and REPL imports resolve against (default: working directory). */
    public void setScriptBase(Path dir) {
        this.scriptBase = dir.toAbsolutePath().normalize();
    }

    /**
     * Loads {@code specifier} (resolved against {@code baseDir}), evaluates it and its imports
     * (waiting for top-level await), and binds it to {@code name} so that imports of
     * {@code name} and {@link #namespace(String)} find it.
     */
    public void register(String name, String specifier, Path baseDir) {
        String url = loadEntry(specifier, baseDir).url;
        names.put(name, url);
        resolver.register(name, url);
        hostResolver.register(name, url);
    }

    /** Loads and evaluates a module and returns its namespace (the caller closes it). */
    public V8ValueObject load(String specifier, Path baseDir) {
        return namespaceOf(loadEntry(specifier, baseDir));
    }

    /** The namespace of a module registered under {@code name} (the caller closes it). */
    public V8ValueObject namespace(String name) {
        String url = names.get(name);
        if (url == null || !modules.containsKey(url)) {
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "Error", "No module registered as \"" + name + "\"",
                    null, 0, 0, List.of(), null);
        }
        return namespaceOf(modules.get(url));
    }

    /** The canonical URL a registered name stands for. */
    public String urlOf(String name) {
        return names.get(name);
    }

    /**
     * Re-reads every file of the module graph under {@code name}; modules whose source changed
     * and every module importing them (directly or not) are compiled and evaluated again, the
     * others keep their state. Returns false when nothing changed.
     */
    public boolean reload(String name) {
        String root = names.get(name);
        if (root == null) {
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "Error", "No module registered as \"" + name + "\"",
                    null, 0, 0, List.of(), null);
        }
        Set<String> changed = new HashSet<>();
        var seen = new HashSet<String>();
        var queue = new ArrayDeque<String>(List.of(root));
        while (!queue.isEmpty()) {
            Entry e = modules.get(queue.poll());
            if (e == null || !seen.add(e.url)) {
                continue;
            }
            if (e.file != null && !sameContent(e)) {
                changed.add(e.url);
            }
            queue.addAll(e.deps);
        }
        if (changed.isEmpty()) {
            return false;
        }
        Set<String> stale = new HashSet<>(changed);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Entry e : modules.values()) {
                if (!stale.contains(e.url) && e.deps.stream().anyMatch(stale::contains)) {
                    grew = stale.add(e.url);
                }
            }
        }
        for (String url : stale) {
            Entry e = modules.remove(url);
            firstImporter.remove(url);
            V8Module host = hostModules.remove(url);
            if (host != null) {
                release(host);
            }
            if (e != null) {
                release(e.module);
            }
        }
        resolver.clearCaches();
        hostResolver.clearCaches();
        commonJs.clearCaches();
        Entry fresh = loadEntry(root, scriptBase);
        names.put(name, fresh.url);
        return true;
    }

    private static boolean sameContent(Entry e) {
        try {
            return Files.readString(e.file).equals(e.source);
        } catch (IOException ex) {
            return false;
        }
    }

    // ---- REPL ----

    /**
     * Rewrites code for executeCode: import declarations become bindings from the module
     * namespaces (loaded on first use), declarations become globals, and with top-level await
     * the script returns a promise of its last expression value.
     */
    public ReplCode transformRepl(String code) {
        return transformRepl(code, "repl");
    }

    /** {@link #transformRepl(String)} with the name a syntax error is reported under (1-based line and column). */
    public ReplCode transformRepl(String code, String resourceName) {
        JsParser.Result r = JsParser.repl(code);
        if (r.failed()) {
            throw new ModuleException(ModuleException.Phase.PARSE, "SyntaxError", r.error(), resourceName, r.line(), r.column(), List.of(), null);
        }
        return new ReplCode(r.code(), r.async());
    }

    /**
     * Runs REPL code ({@link #transformRepl}) as a script named {@code resourceName} and returns
     * the value of its last expression statement, awaiting it when the code used top-level await.
     * JavaScript errors propagate as Javet exceptions; a rejected await becomes a {@link ModuleException}.
     */
    public V8Value executeRepl(String code, String resourceName) throws JavetException {
        ReplCode repl = transformRepl(code, resourceName);
        V8Value result = v8.getExecutor(repl.script()).setResourceName(resourceName).execute();
        if (!repl.async() || !(result instanceof V8ValuePromise promise)) {
            return result;
        }
        try (promise) {
            awaitSettled(promise);
            if (promise.getState() == IV8ValuePromise.STATE_REJECTED) {
                throw evaluationError(promise.getResult(), resourceName);
            }
            if (promise.getState() == IV8ValuePromise.STATE_PENDING) {
                throw new ModuleException(ModuleException.Phase.RUNTIME, "Error",
                        "top-level await in executeCode never settled (nothing left to run)", resourceName, 0, 0, List.of(), null);
            }
            return promise.getResult();
        }
    }

    /**
     * Transforms a script's {@code import()} calls so they load through this module system
     * (relative to {@link #setScriptBase}); returns the source unchanged when it has none or
     * does not parse (V8 then reports the syntax error itself), except for {@code new import(...)},
     * which V8 14.7 wrongly accepts in some forms: that is a {@link ModuleException} in phase PARSE.
     */
    public String transformScript(String source) {
        if (!SourceScan.mayUseImportCallOrMeta(source)) {
            return source;
        }
        JsParser.Result r = JsParser.script(source);
        if (r.failed() && NEW_IMPORT.matcher(source).find()) {
            throw new ModuleException(ModuleException.Phase.PARSE, "SyntaxError", "Cannot use new with import(): " + r.error(),
                    null, r.line(), r.column(), List.of(), null);
        }
        return r.code() == null ? source : r.code();
    }

    @Override
    public void close() {
        commonJs.close();
        for (Entry e : modules.values()) {
            release(e.module);
            if (e.evaluation != null) {
                release(e.evaluation);
            }
        }
        for (V8Module m : hostModules.values()) {
            release(m);
        }
        modules.clear();
        hostModules.clear();
        for (V8Value h : handles) {
            release(h);
        }
        handles.clear();
        for (JavetCallbackContext context : callbacks) {
            try {
                v8.removeCallbackContext(context.getHandle());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not remove a callback context: {0}", e.toString());
            }
        }
        callbacks.clear();
        try {
            v8.setV8ModuleResolver(null);
        } catch (RuntimeException ignored) {
            // the runtime may already be closed
        }
    }

    // ---- loading ----

    private Entry loadEntry(String specifier, Path baseDir) {
        Resolver.Resolved resolved;
        try {
            resolved = resolveTrusted(specifier, baseDir);
        } catch (ResolveError e) {
            throw new ModuleException(ModuleException.Phase.RESOLUTION, e.errorType(), e.getMessage() + " [" + e.code + "]",
                    null, 0, 0, List.of(), e);
        }
        if (options.roots().isEmpty() && resolved.file() != null) {
            resolver.addRoot(resolved.file().getParent());
        }
        Entry entry = obtain(resolved, null, ModuleException.Phase.PARSE);
        link(entry);
        try (V8ValuePromise promise = evaluate(entry)) {
            awaitSettled(promise);
            if (promise.getState() == IV8ValuePromise.STATE_REJECTED) {
                try (V8Value reason = promise.getResult()) {
                    throw evaluationError(reason, entry.url);
                }
            }
            if (promise.getState() == IV8ValuePromise.STATE_PENDING) {
                throw new ModuleException(ModuleException.Phase.RUNTIME, "Error",
                        "Top-level await never settled: the module waits for something that nothing will do",
                        entry.url, 0, 0, List.of(), null);
            }
        } catch (JavetException e) {
            throw new ModuleException(ModuleException.Phase.RUNTIME, "Error", e.getMessage(), entry.url, 0, 0, chain(entry.url), e);
        }
        return entry;
    }

    /** The host's own imports skip the sandbox unless roots were given: the roots grow from what the host loads. */
    private Resolver.Resolved resolveTrusted(String specifier, Path baseDir) throws ResolveError {
        return (options.roots().isEmpty() ? hostResolver : resolver).resolve(specifier, null, baseDir);
    }

    private void awaitSettled(V8ValuePromise promise) throws JavetException {
        if (promise.getState() == IV8ValuePromise.STATE_PENDING) {
            loop.runUntil(() -> {
                try {
                    return promise.getState() != IV8ValuePromise.STATE_PENDING;
                } catch (JavetException e) {
                    return true;
                }
            }, Long.MAX_VALUE);
        }
    }

    private V8ValueObject namespaceOf(Entry entry) {
        try {
            return (V8ValueObject) entry.module.getNamespace();
        } catch (JavetException e) {
            throw new ModuleException(ModuleException.Phase.RUNTIME, "Error", "cannot read the namespace: " + e.getMessage(),
                    entry.url, 0, 0, List.of(), e);
        }
    }

    /** The module for a resolved URL: cached, or read and compiled now. */
    private Entry obtain(Resolver.Resolved resolved, String importer, ModuleException.Phase compilePhase) {
        Entry entry = modules.get(resolved.url());
        if (entry != null) {
            return entry;
        }
        if (importer != null) {
            firstImporter.putIfAbsent(resolved.url(), importer);
        }
        String source = read(resolved, importer);
        String code = source;
        String commonJsFacade = commonJsFacade(resolved, source, importer == null, compilePhase);
        if (commonJsFacade != null) {
            code = commonJsFacade;
        } else if (resolved.format() == Resolver.Format.JSON) {
            try {
                Json.parse(source);
            } catch (Json.SyntaxError e) {
                throw new ModuleException(compilePhase, "SyntaxError", "Invalid JSON module: " + e.getMessage(),
                        resolved.url(), e.line, e.column, chain(resolved.url()), e);
            }
            code = "export default JSON.parse(" + jsString(source) + ");";
        } else if (resolved.format() == Resolver.Format.TEXT) {
            code = "export default " + jsString(source) + ";";
        } else if (SourceScan.mayUseImportCallOrMeta(source)) {
            JsParser.Result r = JsParser.module(source);
            if (r.code() != null) {
                code = r.code() + HOST_IMPORT_LINE;
            } else if (r.failed() && NEW_IMPORT.matcher(source).find()) {
                throw new ModuleException(compilePhase, "SyntaxError", "Cannot use new with import(): " + r.error(),
                        resolved.url(), r.line(), r.column(), chain(resolved.url()), null);
            }
        }
        V8Module module;
        try {
            byte[] cached = codeCache == null ? null : codeCache.lookup(code);
            var executor = cached == null ? v8.getExecutor(code) : v8.getExecutor(code, cached);
            module = executor.setResourceName(resolved.url()).setModule(true).compileV8Module();
            if (codeCache != null && cached == null) {
                codeCache.store(code, module.getCachedData());
            }
        } catch (BaseJavetScriptingException e) {
            var err = e.getScriptingError();
            throw new ModuleException(compilePhase, errorName(e.getMessage(), "SyntaxError"), stripName(e.getMessage()),
                    resolved.url(), err.getLineNumber(), err.getStartColumn() + 1, chain(resolved.url()), e);
        } catch (JavetException e) {
            throw new ModuleException(compilePhase, "Error", e.getMessage(), resolved.url(), 0, 0, chain(resolved.url()), e);
        }
        entry = new Entry(resolved.url(), resolved.file(), source, module);
        modules.put(resolved.url(), entry);
        return entry;
    }

    /** The ES module standing for a CommonJS file (see {@link CommonJsLoader}), or null for everything else. */
    private String commonJsFacade(Resolver.Resolved resolved, String source, boolean hostLoad, ModuleException.Phase phase) {
        if (resolved.format() != Resolver.Format.JAVASCRIPT || resolved.file() == null) {
            return null;
        }
        try {
            return commonJs.facade(resolved.file(), resolved.url(), source, hostLoad);
        } catch (ResolveError e) {
            throw new ModuleException(phase, e.errorType(), e.getMessage() + " [" + e.code + "]", resolved.url(), 0, 0, chain(resolved.url()), e);
        }
    }

    /** require() of an ES module (Node 22): linked and evaluated now; one with top-level await is refused. */
    private V8Value requireEsm(Resolver.Resolved resolved, String requirerUrl) throws JavetException {
        V8ValueArray result = v8.createV8ValueArray();
        try {
            Entry entry = obtain(resolved, requirerUrl, ModuleException.Phase.RESOLUTION);
            link(entry);
            try (V8ValuePromise promise = evaluate(entry)) {
                if (promise.getState() == IV8ValuePromise.STATE_REJECTED) {
                    try (V8Value reason = promise.getResult()) {
                        result.push(3, reason);
                    }
                } else if (promise.getState() == IV8ValuePromise.STATE_PENDING) {
                    result.push(1, "Error", "require() cannot load \"" + entry.url + "\": it uses top-level await; import() it instead",
                            "ERR_REQUIRE_ASYNC_MODULE");
                } else {
                    try (V8Value ns = entry.module.getNamespace()) {
                        result.push(0, ns);
                    }
                }
            }
        } catch (ModuleException e) {
            result.push(1, e.errorType(), e.jsMessage(), "ERR_REQUIRE_ESM");
        }
        return result;
    }

    private String read(Resolver.Resolved resolved, String importer) {
        String url = resolved.url();
        try {
            if (resolved.file() != null) {
                return Files.readString(resolved.file());
            }
            if (url.startsWith("data:")) {
                int comma = url.indexOf(',');
                String meta = url.substring(5, Math.max(comma, 5));
                String data = url.substring(comma + 1);
                return meta.endsWith(";base64")
                        ? new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)
                        : URLDecoder.decode(data.replace("+", "%2B"), StandardCharsets.UTF_8);
            }
            if (http == null) {
                http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
            }
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (NoSuchFileException e) {
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "Error", "Module not found \"" + url + "\"",
                    importer, 0, 0, chain(url), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "Error", "Cannot read module \"" + url + "\": " + e.getMessage(),
                    importer, 0, 0, chain(url), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "Error", "Interrupted while fetching \"" + url + "\"",
                    importer, 0, 0, chain(url), e);
        }
    }

    private void link(Entry entry) {
        try {
            if (entry.module.getStatus() != IV8Module.Uninstantiated) {
                return;
            }
            pendingError = null;
            boolean ok;
            try {
                ok = entry.module.instantiate();
            } catch (BaseJavetScriptingException e) {
                if (pendingError != null) {
                    throw takePendingError();
                }
                var err = e.getScriptingError();
                String file = err.getResourceName() == null || err.getResourceName().isEmpty() ? entry.url : err.getResourceName();
                throw new ModuleException(ModuleException.Phase.RESOLUTION, errorName(e.getMessage(), "SyntaxError"),
                        stripName(e.getMessage()), file, err.getLineNumber(), err.getStartColumn() + 1, chain(file), e);
            }
            if (pendingError != null) {
                throw takePendingError();
            }
            if (!ok) {
                throw new ModuleException(ModuleException.Phase.RESOLUTION, "Error", "Linking failed", entry.url, 0, 0, chain(entry.url), null);
            }
        } catch (JavetException e) {
            if (pendingError != null) {
                throw takePendingError();
            }
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "Error", e.getMessage(), entry.url, 0, 0, chain(entry.url), e);
        }
    }

    private ModuleException takePendingError() {
        var e = pendingError;
        pendingError = null;
        return e;
    }

    /**
     * The module's evaluation promise (the caller closes it). Javet evaluates only modules that
     * are linked and not yet evaluated, so the first promise is kept; a module first evaluated as
     * someone's dependency gets a promise made from its status.
     */
    private V8ValuePromise evaluate(Entry entry) {
        try {
            if (entry.evaluation != null) {
                return entry.evaluation.toClone();
            }
            int status = entry.module.getStatus();
            if (status == IV8Module.Instantiated) {
                V8Value result = entry.module.evaluate(true);
                if (result instanceof V8ValuePromise promise) {
                    entry.evaluation = promise;
                    return promise.toClone();
                }
                result.close();
                status = entry.module.getStatus();
            }
            try (V8ValuePromise resolver = v8.createV8ValuePromise()) {
                if (status == IV8Module.Errored) {
                    try (V8ValueError error = entry.module.getException()) {
                        resolver.reject(error);
                    }
                } else {
                    resolver.resolve(v8.createV8ValueUndefined());
                }
                return resolver.getPromise();
            }
        } catch (BaseJavetScriptingException e) {
            var err = e.getScriptingError();
            String file = err.getResourceName() == null || err.getResourceName().isEmpty() ? entry.url : err.getResourceName();
            throw new ModuleException(ModuleException.Phase.RUNTIME, errorName(e.getMessage(), "Error"), stripName(e.getMessage()),
                    file, err.getLineNumber(), err.getStartColumn() + 1, chain(file), e);
        } catch (JavetException e) {
            throw new ModuleException(ModuleException.Phase.RUNTIME, "Error", e.getMessage(), entry.url, 0, 0, chain(entry.url), e);
        }
    }

    /** A thrown value as a ModuleException pointing at the first frame of its stack. */
    private ModuleException evaluationError(V8Value reason, String fallbackFile) throws JavetException {
        String type = "Error";
        String detail;
        String file = fallbackFile;
        int line = 0;
        int column = 0;
        if (reason instanceof V8ValueError error) {
            try (V8Value name = error.get("name")) {
                type = name instanceof V8ValueString s ? s.getValue() : "Error";
            }
            detail = error.getMessage();
            String stack = error.getStack();
            if (stack != null) {
                Matcher m = STACK_LOCATION.matcher(stack);
                if (m.find()) {
                    file = m.group(1);
                    line = Integer.parseInt(m.group(2));
                    column = Integer.parseInt(m.group(3));
                }
            }
        } else if (reason instanceof V8ValueObject object) {
            // Error-like objects not made by an Error constructor (test262's Test262Error, for one).
            try (V8Value constructor = object.get("constructor")) {
                if (constructor instanceof V8ValueObject c) {
                    try (V8Value name = c.get("name")) {
                        if (name instanceof V8ValueString s && s.getValue().endsWith("Error")) {
                            type = s.getValue();
                        }
                    }
                }
            }
            detail = "Uncaught " + object.toString();
        } else if (reason instanceof V8ValueUndefined || reason instanceof V8ValueNull) {
            detail = "Uncaught " + reason;
        } else {
            detail = "Uncaught " + reason.toString();
        }
        return new ModuleException(ModuleException.Phase.RUNTIME, type, detail, file, line, column, chain(file), null);
    }

    /** The importers of {@code url}, nearest first. */
    private List<String> chain(String url) {
        var chain = new ArrayList<String>();
        var seen = new HashSet<String>();
        seen.add(url);
        for (String at = firstImporter.get(url); at != null && seen.add(at); at = firstImporter.get(at)) {
            chain.add(at);
        }
        return chain;
    }

    // ---- V8 callbacks ----

    /** Javet asks once per import request of a module being linked. */
    private final class HostResolver implements IV8ModuleResolver {
        @Override
        public IV8Module resolve(V8Runtime runtime, String specifier, IV8Module referrer) throws JavetException {
            String referrerUrl = referrer.getResourceName();
            try {
                if (specifier.equals(HOST_SPECIFIER)) {
                    return hostModule(referrerUrl);
                }
                Entry from = modules.get(referrerUrl);
                Entry dep = importFrom(specifier, referrerUrl, json -> staticType(from, specifier, json), ModuleException.Phase.RESOLUTION);
                if (from != null) {
                    from.deps.add(dep.url);
                }
                return dep.module;
            } catch (ModuleException e) {
                if (pendingError == null) {
                    pendingError = e;
                }
                return null;
            }
        }
    }

    /** Resolves, checks the import attributes, and obtains the module {@code referrerUrl} imports. */
    private Entry importFrom(String specifier, String referrerUrl, java.util.function.Function<Boolean, String> typeOf,
                             ModuleException.Phase phase) {
        Resolver.Resolved resolved;
        try {
            resolved = resolver.resolve(specifier, referrerUrl, scriptBase);
        } catch (ResolveError e) {
            int[] at = importPosition(referrerUrl, specifier);
            throw new ModuleException(ModuleException.Phase.RESOLUTION, e.errorType(), e.getMessage() + " [" + e.code + "]",
                    referrerUrl, at[0], at[1], chain(referrerUrl), e);
        }
        boolean json = resolved.format() == Resolver.Format.JSON;
        String type = typeOf.apply(json);
        if ("text".equals(type)) {
            // Import Text: the file's contents as the default export; a module of its own, apart
            // from the same file imported as JavaScript or JSON.
            resolved = new Resolver.Resolved(resolved.url() + "#type=text", resolved.file(), Resolver.Format.TEXT);
            if (referrerUrl != null) {
                firstImporter.putIfAbsent(resolved.url(), referrerUrl);
            }
            return obtain(resolved, referrerUrl, phase);
        }
        if (type != null && !type.equals("json")) {
            int[] at = importPosition(referrerUrl, specifier);
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "TypeError", "Unsupported import attribute type \"" + type
                    + "\" for \"" + specifier + "\" (\"json\" and \"text\" are supported)", referrerUrl, at[0], at[1], chain(referrerUrl), null);
        }
        if (json != "json".equals(type)) {
            int[] at = importPosition(referrerUrl, specifier);
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "TypeError", json
                    ? "Module \"" + resolved.url() + "\" is a JSON module: import it with { type: 'json' }"
                    : "Module \"" + resolved.url() + "\" is not a JSON module but was imported with { type: 'json' }",
                    referrerUrl, at[0], at[1], chain(referrerUrl), null);
        }
        if (referrerUrl != null) {
            firstImporter.putIfAbsent(resolved.url(), referrerUrl);
        }
        return obtain(resolved, referrerUrl, phase);
    }

    /**
     * The {@code type} attribute the referrer's static import of {@code specifier} carries. Parsing
     * is skipped unless the target is JSON or the referrer's text has an attribute clause at all.
     */
    private String staticType(Entry from, String specifier, boolean json) {
        if (from == null || (!json && !SourceScan.mayHaveTypeAttribute(from.source))) {
            return null;
        }
        for (var i : importsOf(from)) {
            if (!i.dynamic() && i.specifier().equals(specifier)) {
                return i.type();
            }
        }
        return null;
    }

    private List<JsParser.StaticImport> importsOf(Entry e) {
        if (e.imports == null) {
            e.imports = e.url.startsWith("file:") || e.url.startsWith("data:") || e.url.startsWith("http")
                    ? JsParser.module(e.source).imports() : List.of();
        }
        return e.imports;
    }

    /** Line and column of the import of {@code specifier} in the referrer, or {0, 0}. */
    private int[] importPosition(String referrerUrl, String specifier) {
        Entry from = referrerUrl == null ? null : modules.get(referrerUrl);
        if (from != null) {
            for (var i : importsOf(from)) {
                if (i.specifier().equals(specifier)) {
                    return new int[]{i.line(), i.column()};
                }
            }
        }
        return new int[]{0, 0};
    }

    private V8Module hostModule(String referrerUrl) throws JavetException {
        V8Module existing = hostModules.get(referrerUrl);
        if (existing != null) {
            return existing;
        }
        String filename = "null";
        String dirname = "null";
        if (referrerUrl.startsWith("file:")) {
            Path file = Path.of(URI.create(referrerUrl));
            filename = jsString(file.toString());
            dirname = jsString(file.getParent().toString());
        }
        String url = jsString(referrerUrl);
        String source = "const h = globalThis[Symbol.for('tocin.host')];\n"
                + "export const m = h.meta(" + url + ", " + filename + ", " + dirname + ");\n"
                + "export function i(specifier, options) { return h.dynamicImport(specifier, options, " + url + "); }\n";
        V8Module module = v8.getExecutor(source).setResourceName(HOST_SPECIFIER + ":" + referrerUrl).setModule(true).compileV8Module();
        hostModules.put(referrerUrl, module);
        return module;
    }

    /** import(): [0, evaluation promise, namespace] or [1, error name, message]. */
    private V8Value jsLoad(V8Value... args) throws JavetException {
        String specifier = ((V8ValueString) args[0]).getValue();
        String referrer = args[1] instanceof V8ValueString s ? s.getValue() : null;
        String type = args[2] instanceof V8ValueString s ? s.getValue() : null;
        try {
            Entry entry = importFrom(specifier, referrer, json -> type, ModuleException.Phase.RESOLUTION);
            if (referrer != null && modules.get(referrer) != null) {
                modules.get(referrer).deps.add(entry.url);
            }
            link(entry);
            V8ValueArray result = v8.createV8ValueArray();
            try (V8ValuePromise promise = evaluate(entry); V8Value ns = entry.module.getNamespace()) {
                result.push(0, promise, ns);
            }
            return result;
        } catch (ModuleException e) {
            return failure(e.errorType(), e.jsMessage());
        }
    }

    /** import.meta.resolve(): [0, url] or [1, error name, message]. */
    private V8Value jsResolve(V8Value... args) throws JavetException {
        String specifier = ((V8ValueString) args[0]).getValue();
        String referrer = ((V8ValueString) args[1]).getValue();
        try {
            String url = resolver.resolve(specifier, referrer, scriptBase).url();
            V8ValueArray result = v8.createV8ValueArray();
            result.push(0, url);
            return result;
        } catch (ResolveError e) {
            boolean pathLike = specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/");
            if (e.code.equals("ERR_MODULE_NOT_FOUND") && pathLike && referrer.startsWith("file:")) {
                // Like Node, resolving a path that does not exist yet still yields its URL.
                V8ValueArray result = v8.createV8ValueArray();
                result.push(0, Path.of(URI.create(referrer)).getParent().resolve(specifier).normalize().toUri().toString());
                return result;
            }
            return failure(e.errorType(), e.getMessage() + " [" + e.code + "]");
        }
    }

    /** A REPL import: the evaluated namespace, [0, namespace] or [1, error name, message]. */
    private V8Value jsNamespace(V8Value... args) throws JavetException {
        String specifier = ((V8ValueString) args[0]).getValue();
        String type = args[1] instanceof V8ValueString s ? s.getValue() : null;
        try {
            String url = names.get(specifier);
            Entry entry = url != null && modules.containsKey(url) ? modules.get(url)
                    : loadEntry(checkedSpecifier(specifier, type), scriptBase);
            V8ValueArray result = v8.createV8ValueArray();
            try (V8Value ns = entry.module.getNamespace()) {
                result.push(0, ns);
            }
            return result;
        } catch (ModuleException e) {
            return failure(e.errorType(), e.jsMessage());
        }
    }

    private String checkedSpecifier(String specifier, String type) {
        if (type != null && !type.equals("json")) {
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "TypeError", "Unsupported import attribute type \"" + type + "\"",
                    null, 0, 0, List.of(), null);
        }
        boolean json = specifier.endsWith(".json");
        if (json != (type != null)) {
            throw new ModuleException(ModuleException.Phase.RESOLUTION, "TypeError", json
                    ? "\"" + specifier + "\" is a JSON module: import it with { type: 'json' }"
                    : "\"" + specifier + "\" is not a JSON module but was imported with { type: 'json' }", null, 0, 0, List.of(), null);
        }
        return specifier;
    }

    private V8Value failure(String errorType, String message) throws JavetException {
        V8ValueArray result = v8.createV8ValueArray();
        result.push(1, errorType, message);
        return result;
    }

    private static String errorName(String message, String fallback) {
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0 && message.substring(0, colon).matches("[A-Za-z0-9_$]*Error")) {
                return message.substring(0, colon);
            }
        }
        return fallback;
    }

    private static String stripName(String message) {
        if (message == null) {
            return "unknown error";
        }
        int colon = message.indexOf(':');
        return colon > 0 && message.substring(0, colon).matches("[A-Za-z0-9_$]*Error") ? message.substring(colon + 1).trim() : message;
    }

    private static void release(V8Value value) {
        try {
            value.close();
        } catch (JavetException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not release a V8 handle: {0}", e.getMessage());
        }
    }

    static String jsString(String s) {
        var sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
