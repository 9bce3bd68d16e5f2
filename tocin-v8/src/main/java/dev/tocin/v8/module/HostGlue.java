package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.reference.IV8Module;
import com.caoccao.javet.values.reference.V8Module;
import com.caoccao.javet.values.reference.V8ValueArray;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValuePromise;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


/**
 * Where V8 calls the module system: Javet's module resolver for static imports, and the three
 * callbacks of {@code host.js} behind {@code import()}, {@code import.meta.resolve()} and REPL
 * imports. The callbacks answer {@code [0, value...]} on success and {@code [1, errorName,
 * message]} on failure, which host.js turns into the right JavaScript error.
 */
final class HostGlue implements ModuleIsolate.ImportResolver {
    static final String HOST_SPECIFIER = "tocin:host";
    /** Resource name prefix of the wrapper modules that give import.defer() its deferred namespace. */
    private static final String DEFER_PREFIX = "tocin:defer:";
    private static final System.Logger LOG = System.getLogger(HostGlue.class.getName());

    private final ModuleIsolate v8;
    private final ModuleSystem system;
    private final ModuleGraph graph;
    private final Map<String, V8Module> hostModules = new HashMap<>();
    private final Map<String, DeferWrapper> deferWrappers = new HashMap<>();

    /** The wrapper module of one import.defer() target and the promise of its (only) evaluation. */
    private record DeferWrapper(V8Module module, V8Value evaluation) {
    }
    private final List<V8Value> handles = new ArrayList<>();
    private final List<JavetCallbackContext> callbacks = new ArrayList<>();
    /** The first failure of a static import while V8 links; V8 itself only learns "null". */
    private ModuleException pendingError;

    HostGlue(ModuleIsolate v8, ModuleSystem system, ModuleGraph graph) {
        this.v8 = v8;
        this.system = system;
        this.graph = graph;
    }

    /** Installs the module resolver and the host functions of host.js. */
    void install() throws JavetException {
        v8.setModuleResolver(this);
        try (V8ValueFunction factory = v8.script(resource("host.js")).setResourceName("tocin:host.js").execute()) {
            V8ValueFunction load = callback("load", this::load);
            V8ValueFunction resolve = callback("resolve", this::resolveUrl);
            V8ValueFunction namespace = callback("namespace", this::namespace);
            handles.add(factory.call(null, load, resolve, namespace));
        }
    }

    private V8ValueFunction callback(String name, IJavetDirectCallable.NoThisAndResult<Exception> body) throws JavetException {
        var context = new JavetCallbackContext(name, JavetCallbackType.DirectCallNoThisAndResult, body);
        var fn = v8.values().createV8ValueFunction(context);
        callbacks.add(context);
        handles.add(fn);
        return fn;
    }

    /** The failure recorded while linking, once. */
    ModuleException takePendingError() {
        var e = pendingError;
        pendingError = null;
        return e;
    }

    /** Javet asks once per import request of a module being linked. */
    @Override
    public IV8Module resolve(String specifier, IV8Module referrer) throws JavetException {
        String referrerUrl = referrer.getResourceName();
        try {
            if (specifier.equals(HOST_SPECIFIER)) {
                return hostModule(referrerUrl);
            }
            if (referrerUrl.startsWith(DEFER_PREFIX) && graph.get(specifier) != null) {
                return graph.get(specifier).module;
            }
            ModuleGraph.Entry from = graph.get(referrerUrl);
            ModuleGraph.Entry dep = system.importFrom(specifier, referrerUrl, staticType(from, specifier));
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

    /** The {@code type} attribute of the referrer's static import of {@code specifier}, or null. */
    private String staticType(ModuleGraph.Entry from, String specifier) {
        if (from == null || !SourceScan.mayHaveTypeAttribute(from.source)) {
            return null;
        }
        for (var i : graph.importsOf(from)) {
            if (!i.dynamic() && i.specifier().equals(specifier)) {
                return i.type();
            }
        }
        return null;
    }

    /** The per-referrer module that gives transformed code its import() and import.meta. */
    private V8Module hostModule(String referrerUrl) throws JavetException {
        V8Module existing = hostModules.get(referrerUrl);
        if (existing != null) {
            return existing;
        }
        String filename = "null";
        String dirname = "null";
        if (referrerUrl.startsWith("file:")) {
            Path file = Path.of(URI.create(ImportAttributes.sourceUrl(referrerUrl)));
            filename = JsLiteral.string(file.toString());
            dirname = JsLiteral.string(file.getParent().toString());
        }
        String url = JsLiteral.string(referrerUrl);
        String source = "const h = globalThis[Symbol.for('tocin.host')];\n"
                + "export const m = h.meta(" + url + ", " + filename + ", " + dirname + ");\n"
                + "export function i(specifier, options) { return h.dynamicImport(specifier, options, " + url + "); }\n"
                + "export function s(specifier, options) { return h.dynamicImport(specifier, options, " + url + ", 'source'); }\n"
                + "export function d(specifier, options) { return h.dynamicImport(specifier, options, " + url + ", 'defer'); }\n";
        V8Module module = v8.script(source).setResourceName(HOST_SPECIFIER + ":" + referrerUrl).setModule(true).compileV8Module();
        hostModules.put(referrerUrl, module);
        return module;
    }

    /** Drops the host module of a module that is reloaded. */
    void forget(String url) {
        V8Module host = hostModules.remove(url);
        if (host != null) {
            V8Handles.release(host);
        }
    }

    /** import(): [0, evaluation promise, namespace] or [1, error name, message]. */
    private V8Value load(V8Value... args) throws JavetException {
        String specifier = ((V8ValueString) args[0]).getValue();
        String referrer = args[1] instanceof V8ValueString s ? s.getValue() : null;
        String type = args[2] instanceof V8ValueString s ? s.getValue() : null;
        String phase = args.length > 3 && args[3] instanceof V8ValueString s ? s.getValue() : null;
        try {
            ModuleGraph.Entry entry = system.importFrom(specifier, referrer, type);
            if ("source".equals(phase)) {
                // Only WebAssembly modules have a source representation (the source phase imports proposal).
                return failure("SyntaxError", "Cannot import the source of \"" + entry.url + "\": a JavaScript module has no source phase");
            }
            ModuleGraph.Entry from = graph.get(referrer);
            if (from != null) {
                from.deps.add(entry.url);
            }
            system.link(entry);
            if ("defer".equals(phase)) {
                return deferred(entry);
            }
            V8ValueArray result = v8.values().createV8ValueArray();
            try (V8ValuePromise promise = system.evaluate(entry); V8Value ns = entry.module.getNamespace()) {
                result.push(0, promise, ns);
            }
            return result;
        } catch (ModuleException e) {
            return failure(e.errorType(), e.jsMessage());
        }
    }

    /**
     * import.defer(): [0, promise, deferred namespace]. V8 makes deferred namespaces only for
     * static imports, so a small wrapper module per target imports it with {@code import defer}.
     */
    private V8Value deferred(ModuleGraph.Entry entry) throws JavetException {
        DeferWrapper wrapper = deferWrappers.get(entry.url);
        if (wrapper == null) {
            V8Module module = v8.script("import defer * as ns from " + JsLiteral.string(entry.url) + ";\nexport { ns };")
                    .setResourceName(DEFER_PREFIX + entry.url).setModule(true).compileV8Module();
            module.instantiate();
            wrapper = new DeferWrapper(module, module.evaluate(true));
            deferWrappers.put(entry.url, wrapper);
        }
        V8ValueArray result = v8.values().createV8ValueArray();
        try (V8ValueObject ns = (V8ValueObject) wrapper.module.getNamespace(); V8Value deferredNs = ns.get("ns")) {
            result.push(0, wrapper.evaluation, deferredNs);
        }
        return result;
    }

    /** import.meta.resolve(): [0, url] or [1, error name, message]. */
    private V8Value resolveUrl(V8Value... args) throws JavetException {
        String specifier = ((V8ValueString) args[0]).getValue();
        String referrer = ((V8ValueString) args[1]).getValue();
        try {
            V8ValueArray result = v8.values().createV8ValueArray();
            result.push(0, system.resolveUrl(specifier, referrer));
            return result;
        } catch (ResolveError e) {
            return failure(e.errorType(), e.getMessage() + " [" + e.code + "]");
        }
    }

    /** A REPL import: the evaluated namespace, [0, namespace] or [1, error name, message]. */
    private V8Value namespace(V8Value... args) throws JavetException {
        String specifier = ((V8ValueString) args[0]).getValue();
        String type = args[1] instanceof V8ValueString s ? s.getValue() : null;
        try {
            V8ValueArray result = v8.values().createV8ValueArray();
            try (V8Value ns = system.replImport(specifier, type).module.getNamespace()) {
                result.push(0, ns);
            }
            return result;
        } catch (ModuleException e) {
            return failure(e.errorType(), e.jsMessage());
        }
    }

    private V8Value failure(String errorType, String message) throws JavetException {
        V8ValueArray result = v8.values().createV8ValueArray();
        result.push(1, errorType, message);
        return result;
    }

    void close() {
        hostModules.values().forEach(V8Handles::release);
        hostModules.clear();
        deferWrappers.values().forEach(w -> {
            V8Handles.release(w.evaluation);
            V8Handles.release(w.module);
        });
        deferWrappers.clear();
        handles.forEach(V8Handles::release);
        handles.clear();
        v8.removeCallbacks(callbacks);
        try {
            v8.setModuleResolver(null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not unset the module resolver (runtime closed?): {0}", e.toString());
        }
    }

    static String resource(String name) {
        try (var in = HostGlue.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/tocin/v8/module/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }
}
