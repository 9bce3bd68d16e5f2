package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.IV8Module;
import com.caoccao.javet.values.reference.IV8ValuePromise;
import com.caoccao.javet.values.reference.V8Module;
import com.caoccao.javet.values.reference.V8ValueError;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValuePromise;

import java.util.List;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static dev.tocin.v8.module.ModuleException.Phase;

/**
 * The ES module system of one V8 isolate: resolves specifiers ({@link Resolver}), fetches
 * sources ({@link Loader}) and turns them into module code by format ({@link ModuleCode}),
 * compiles each canonical URL once ({@link ModuleGraph}), links, evaluates (waiting for top-level
 * await by running the host's event loop), and provides {@code import()}, {@code import.meta}
 * and REPL imports through a source transform made with a real parser ({@link JsParser}; V8's
 * side in {@link HostGlue}).
 *
 * <p>Not thread-safe: every method must be called on the isolate's own thread (the event loop),
 * which is also the thread V8 calls back on.
 */
public final class ModuleSystem implements AutoCloseable {
    /** Runs the host's event loop on the isolate thread until {@code done} or the deadline. */
    @FunctionalInterface
    public interface Loop {
        void runUntil(BooleanSupplier done, long deadlineNanos);

        /**
         * Runs the loop until {@code promise} settles ({@link V8Handles#isPending}: one that cannot be
         * read, the isolate closing, counts as settled), {@code orDone} holds, or the deadline passes.
         * The one wait-until-settled loop of the module layer and the runtime.
         */
        default void runUntilSettled(V8ValuePromise promise, BooleanSupplier orDone, long deadlineNanos) {
            if (!orDone.getAsBoolean() && V8Handles.isPending(promise)) {
                runUntil(() -> orDone.getAsBoolean() || !V8Handles.isPending(promise), deadlineNanos);
            }
        }

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
    /** V8 14.7 accepts {@code new import('x').prop} (and import.source, import.defer); the grammar does not. */
    private static final Pattern NEW_IMPORT = Pattern.compile("\\bnew\\s+import\\s*(\\(|\\.\\s*(source|defer)\\s*\\()");
    private static final String HOST_IMPORT_LINE = "\nimport { i as $tcImp, m as $tcMta, s as $tcSrc, d as $tcDef } from \""
            + HostGlue.HOST_SPECIFIER + "\";";

    private final ModuleIsolate v8;
    private final ModuleOptions options;
    private final Loop loop;
    private final Resolver resolver;
    private final Resolver hostResolver;
    private final ModuleCompiler compiler;
    private final Loader loader;
    private final ModuleGraph graph = new ModuleGraph();
    private final ModuleErrors errors = new ModuleErrors(graph);
    private final HostGlue glue;
    private final ModuleLinker linker;
    private final CommonJsLoader commonJs;
    private final Map<String, String> names = new HashMap<>();
    /** The host's loads already done: "baseDir\0specifier" to URL, so a re-import is a map lookup. */
    private final Map<String, String> hostLoads = new HashMap<>();
    private Path scriptBase = Path.of("").toAbsolutePath();

    /**
     * Installs the module host into {@code v8} (its module resolver, and the hidden globals
     * {@code $tcImp}/{@code $tcNs} that transformed scripts call).
     */
    public ModuleSystem(V8Runtime v8, ModuleOptions options, Loop loop) {
        this(v8, options, loop, new DefaultLoader());
    }

    ModuleSystem(V8Runtime v8, ModuleOptions options, Loop loop, Loader loader) {
        this.v8 = new Javet(v8);
        this.options = options;
        this.loop = loop;
        this.loader = loader;
        this.resolver = new Resolver(options);
        this.hostResolver = new Resolver(options);
        CodeCache codeCache = options.codeCache() == null ? null
                : new CodeCache(options.codeCache(), this.v8.v8Version(), com.caoccao.javet.interop.options.V8RuntimeOptions.V8_FLAGS.toString());
        this.compiler = new ModuleCompiler(this.v8, codeCache, errors);
        this.glue = new HostGlue(this.v8, this, graph);
        this.linker = new ModuleLinker(this.v8, graph, errors, glue);
        try {
            glue.install();
            this.commonJs = new CommonJsLoader(this.v8, resolver.forRequire(options), codeCache, this);
        } catch (JavetException e) {
            throw new IllegalStateException("cannot install the module host: " + e.getMessage(), e);
        }
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
        // Earlier loads of a specifier spelled like the new name resolved without it.
        hostLoads.keySet().removeIf(k -> k.endsWith("\0" + name));
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
        ModuleGraph.Entry entry = graph.get(names.get(name));
        if (entry == null) {
            throw ModuleErrors.noSuchName(name);
        }
        return namespaceOf(entry);
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
            throw ModuleErrors.noSuchName(name);
        }
        Set<String> changed = graph.reachable(root, e -> e.file != null && !sameContent(e));
        if (changed.isEmpty()) {
            return false;
        }
        for (String url : graph.importersOf(changed)) {
            ModuleGraph.Entry e = graph.remove(url);
            glue.forget(url);
            if (e != null) {
                V8Handles.release(e.module);
                if (e.evaluation != null) {
                    V8Handles.release(e.evaluation);
                }
            }
        }
        hostLoads.clear();
        resolver.clearCaches();
        hostResolver.clearCaches();
        commonJs.clearCaches();
        names.put(name, loadEntry(root, scriptBase).url);
        return true;
    }

    private boolean sameContent(ModuleGraph.Entry e) {
        var resolved = new Resolver.Resolved(ImportAttributes.sourceUrl(e.url), e.file, Resolver.Format.JAVASCRIPT);
        try {
            return Arrays.equals(loader.fetch(resolved), e.bytes);
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- REPL and scripts ----

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
        ModuleException asModule = compiler.syntaxError(code, resourceName, true);
        if (asModule != null) {
            // Sloppy-mode code (e.g. `with`) is fine in a REPL; it just cannot import.
            ModuleException asScript = compiler.syntaxError(code, resourceName, false);
            if (asScript != null) {
                // A script error that only module syntax would fix points at the wrong place.
                String d = asScript.detail();
                throw d.contains("await") || d.contains("import") || d.contains("export") ? asModule : asScript;
            }
        }
        JsParser.Result r = JsParser.repl(code, asModule == null);
        if (r.failed()) {
            throw ModuleException.of(Phase.PARSE, "SyntaxError", r.error()).at(resourceName, r.line(), r.column()).build();
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
        V8Value result = v8.script(repl.script()).setResourceName(resourceName).execute();
        if (!repl.async() || !(result instanceof V8ValuePromise promise)) {
            return result;
        }
        try (promise) {
            awaitSettled(promise);
            if (promise.getState() == IV8ValuePromise.STATE_REJECTED) {
                throw errors.evaluation(promise.getResult(), resourceName);
            }
            if (promise.getState() == IV8ValuePromise.STATE_PENDING) {
                throw ModuleException.of(Phase.RUNTIME, "Error", "top-level await in executeCode never settled (nothing left to run)")
                        .at(resourceName).build();
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
        if (!SourceScan.mayUseImportCallOrMeta(source) || compiler.syntaxError(source, "script", false) != null) {
            return source;
        }
        JsParser.Result r = JsParser.script(source);
        if (r.failed() && NEW_IMPORT.matcher(source).find()) {
            throw ModuleException.of(Phase.PARSE, "SyntaxError", "Cannot use new with import(): " + r.error())
                    .at(null, r.line(), r.column()).build();
        }
        return r.code() == null ? source : r.code();
    }

    /** A REPL import: a registered name, or a specifier resolved against the script base, evaluated. */
    ModuleGraph.Entry replImport(String specifier, String type) {
        ModuleGraph.Entry registered = graph.get(names.get(specifier));
        return registered != null ? registered : loadEntry(specifier, scriptBase, type, true);
    }

    /** import.meta.resolve(): like Node, a relative path that does not exist yet still yields its URL. */
    String resolveUrl(String specifier, String referrer) throws ResolveError {
        try {
            return resolver.resolve(specifier, referrer, scriptBase).url();
        } catch (ResolveError e) {
            boolean pathLike = specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/");
            if (e.code.equals("ERR_MODULE_NOT_FOUND") && pathLike && referrer.startsWith("file:")) {
                return Path.of(URI.create(referrer)).getParent().resolve(specifier).normalize().toUri().toString();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        for (ModuleGraph.Entry e : graph.entries()) {
            V8Handles.release(e.module);
            if (e.evaluation != null) {
                V8Handles.release(e.evaluation);
            }
        }
        graph.clear();
        commonJs.close();
        glue.close();
    }

    // ---- loading ----

    private ModuleGraph.Entry loadEntry(String specifier, Path baseDir) {
        String key = baseDir + "\0" + specifier;
        ModuleGraph.Entry hit = graph.get(hostLoads.get(key));
        if (hit != null && hit.fulfilled) {
            return hit;
        }
        ModuleGraph.Entry entry = loadEntry(specifier, baseDir, null, false);
        hostLoads.put(key, entry.url);
        return entry;
    }

    /** Resolves (checking the type attribute unless the host itself asks), loads, links and evaluates. */
    private ModuleGraph.Entry loadEntry(String specifier, Path baseDir, String type, boolean checkType) {
        Resolver.Resolved resolved;
        try {
            // The host's own imports skip the sandbox unless roots were given: the roots grow from what the host loads.
            resolved = (options.roots().isEmpty() ? hostResolver : resolver).resolve(specifier, null, baseDir);
            if (checkType) {
                resolved = ImportAttributes.apply(resolved, type, specifier);
            }
        } catch (ResolveError e) {
            throw errors.unresolved(e, specifier, null);
        } catch (ImportAttributes.Refused e) {
            throw errors.refused(e, specifier, null);
        }
        if (options.roots().isEmpty() && resolved.file() != null) {
            resolver.addRoot(resolved.file().getParent());
        }
        ModuleGraph.Entry entry = obtain(resolved, specifier, null, Phase.PARSE);
        link(entry);
        try (V8ValuePromise promise = evaluate(entry)) {
            awaitSettled(promise);
            if (promise.getState() == IV8ValuePromise.STATE_REJECTED) {
                try (V8Value reason = promise.getResult()) {
                    throw errors.evaluation(reason, entry.url);
                }
            }
            if (promise.getState() == IV8ValuePromise.STATE_PENDING) {
                throw ModuleException.of(Phase.RUNTIME, "Error",
                        "Top-level await never settled: the module waits for something that nothing will do").at(entry.url).build();
            }
            entry.fulfilled = true;
        } catch (JavetException e) {
            throw errors.at(Phase.RUNTIME, entry.url, e.getMessage(), e);
        }
        return entry;
    }

    /** Resolves, checks the import attributes, and obtains the module {@code referrerUrl} imports. */
    ModuleGraph.Entry importFrom(String specifier, String referrerUrl, String type) {
        Resolver.Resolved resolved;
        try {
            resolved = ImportAttributes.apply(resolver.resolve(specifier, referrerUrl, scriptBase), type, specifier);
        } catch (ResolveError e) {
            throw errors.unresolved(e, specifier, referrerUrl);
        } catch (ImportAttributes.Refused e) {
            throw errors.refused(e, specifier, referrerUrl);
        }
        graph.importedBy(resolved.url(), referrerUrl);
        return obtain(resolved, specifier, referrerUrl, Phase.RESOLUTION);
    }

    private void awaitSettled(V8ValuePromise promise) {
        loop.runUntilSettled(promise, () -> false, Long.MAX_VALUE);
    }

    private V8ValueObject namespaceOf(ModuleGraph.Entry entry) {
        try {
            return (V8ValueObject) entry.module.getNamespace();
        } catch (JavetException e) {
            throw errors.at(Phase.RUNTIME, entry.url, "cannot read the namespace: " + e.getMessage(), e);
        }
    }

    /** The module for a resolved URL: cached, or fetched and compiled now. */
    private ModuleGraph.Entry obtain(Resolver.Resolved resolved, String specifier, String importer, Phase compilePhase) {
        ModuleGraph.Entry entry = graph.get(resolved.url());
        if (entry != null) {
            return entry;
        }
        graph.importedBy(resolved.url(), importer);
        byte[] bytes = fetch(resolved, specifier, importer);
        ModuleCode.Source source;
        try {
            source = ModuleCode.of(resolved.format(), resolved.url(), bytes);
        } catch (TypeScript.SyntaxError e) {
            throw ModuleException.of(compilePhase, "SyntaxError", e.getMessage()).at(resolved.url(), e.line, e.column)
                    .chain(graph.chain(resolved.url())).build();
        } catch (ModuleCode.NotText e) {
            throw errors.notText(resolved.url(), e, specifier, importer);
        } catch (Json.SyntaxError e) {
            throw errors.invalidJson(resolved.url(), e, compilePhase);
        }
        String facade = commonJs.facade(resolved, source.text(), importer == null, compilePhase);
        String code = facade != null ? facade
                : source.transform() ? javascript(source.javascript(), resolved.url(), compilePhase) : source.javascript();
        V8Module module = compiler.compile(code, resolved.url(), compilePhase);
        entry = new ModuleGraph.Entry(resolved.url(), resolved.file(), source.text(), bytes, module);
        graph.put(entry);
        return entry;
    }

    /** The linked ES module at {@code resolved} for require(esm) ({@link CommonJsLoader} evaluates it). */
    ModuleGraph.Entry linkedForRequire(Resolver.Resolved resolved, String requirerUrl) {
        ModuleGraph.Entry entry = obtain(resolved, null, requirerUrl, Phase.RESOLUTION);
        link(entry);
        return entry;
    }

    private byte[] fetch(Resolver.Resolved resolved, String specifier, String importer) {
        try {
            return loader.fetch(new Resolver.Resolved(ImportAttributes.sourceUrl(resolved.url()), resolved.file(), resolved.format()));
        } catch (NoSuchFileException e) {
            throw errors.notFound(resolved.url(), specifier, importer, e);
        } catch (IOException | IllegalArgumentException e) {
            throw errors.unreadable(resolved.url(), e.getMessage(), specifier, importer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.unreadable(resolved.url(), "interrupted while fetching", specifier, importer, e);
        }
    }

    /** JavaScript module text with import() and import.meta routed to the host module. */
    private String javascript(String source, String url, Phase phase) {
        boolean sourcePhase = SourceScan.maySourcePhaseImport(source);
        if (!sourcePhase && !SourceScan.mayUseImportCallOrMeta(source)) {
            return source;
        }
        ModuleException invalid = compiler.syntaxError(source, url, true);
        if (invalid != null) {
            throw invalid.withChain(phase, graph.chain(url));
        }
        JsParser.Result r = JsParser.module(source);
        if (sourcePhase) {
            refuseSourcePhase(r, url);
        }
        if (r.code() != null) {
            return r.code() + HOST_IMPORT_LINE;
        }
        if (r.failed() && NEW_IMPORT.matcher(source).find()) {
            throw ModuleException.of(phase, "SyntaxError", "Cannot use new with import(): " + r.error())
                    .at(url, r.line(), r.column()).chain(graph.chain(url)).build();
        }
        return source;
    }

    /**
     * {@code import source x from '...'} of a JavaScript module: resolved and loaded, then the
     * SyntaxError the proposal requires (only WebAssembly modules have a source phase). V8 never
     * links such a module: Javet gives it no source-phase callback, and V8 would crash.
     */
    private void refuseSourcePhase(JsParser.Result r, String url) {
        for (var i : r.imports()) {
            if (i.sourcePhase()) {
                String detail;
                try {
                    detail = "Cannot import the source of \"" + importFrom(i.specifier(), url, i.type()).url
                            + "\": a JavaScript module has no source phase";
                } catch (ModuleException e) {
                    throw ModuleException.of(Phase.RESOLUTION, e.errorType(), e.detail()).at(url, i.line(), i.column())
                            .chain(graph.chain(url)).cause(e).build();
                }
                throw ModuleException.of(Phase.RESOLUTION, "SyntaxError", detail).at(url, i.line(), i.column())
                        .chain(graph.chain(url)).build();
            }
        }
    }

    /** Links {@code entry} and what it imports ({@link ModuleLinker#link}). */
    void link(ModuleGraph.Entry entry) {
        linker.link(entry);
    }

    /** The module's evaluation promise, the caller closes it ({@link ModuleLinker#evaluate}). */
    V8ValuePromise evaluate(ModuleGraph.Entry entry) {
        return linker.evaluate(entry);
    }

    /** The module layer's view of Javet's runtime (the class this file alone names, for its public constructors). */
    private record Javet(V8Runtime v8) implements ModuleIsolate {
        @Override
        public IV8Creatable values() {
            return v8;
        }

        @Override
        public IV8Executor script(String code, byte[] cachedData) {
            return cachedData == null ? v8.getExecutor(code) : v8.getExecutor(code, cachedData);
        }

        @Override
        public void setModuleResolver(ImportResolver resolver) {
            v8.setV8ModuleResolver(resolver == null ? null : (runtime, specifier, referrer) -> resolver.resolve(specifier, referrer));
        }

        @Override
        public void removeCallbacks(List<JavetCallbackContext> callbacks) {
            for (JavetCallbackContext context : callbacks) {
                try {
                    v8.removeCallbackContext(context.getHandle());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not remove a callback context: {0}", e.toString());
                }
            }
            callbacks.clear();
        }

        @Override
        public String v8Version() {
            return v8.getVersion();
        }
    }
}
