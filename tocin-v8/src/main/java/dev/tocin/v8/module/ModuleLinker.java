package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.IV8Module;
import com.caoccao.javet.values.reference.V8ValueError;
import com.caoccao.javet.values.reference.V8ValuePromise;

import static dev.tocin.v8.module.ModuleException.Phase;

/**
 * Links and evaluates the compiled modules of one {@link ModuleGraph} in V8: deep graphs in steps,
 * so V8's recursion stays shallow, and each failure as a {@link ModuleException} (the resolve
 * callback's own failure, recorded by {@link HostGlue}, first).
 */
final class ModuleLinker {
    private final ModuleIsolate v8;
    private final ModuleGraph graph;
    private final ModuleErrors errors;
    private final HostGlue glue;

    ModuleLinker(ModuleIsolate v8, ModuleGraph graph, ModuleErrors errors, HostGlue glue) {
        this.v8 = v8;
        this.graph = graph;
        this.errors = errors;
        this.glue = glue;
    }

    /**
     * Links {@code entry} and what it imports. V8's instantiation recurses once per import level,
     * and V8 has 700 KB of stack (docs/v8.md), where a chain of 3,000 static imports linked in one
     * go overflows it. The imports become known only while linking (the resolve callback records
     * them), so an overflow is retried in the steps the evaluation uses
     * ({@link ModuleGraph#evaluationSteps}), deepest first: each attempt learns more of the chain.
     */
    void link(ModuleGraph.Entry entry) {
        for (int attempt = 0; ; attempt++) {
            try {
                for (ModuleGraph.Entry step : graph.evaluationSteps(entry, e -> hasStatus(e, IV8Module.Uninstantiated))) {
                    linkOne(step);
                }
                linkOne(entry);
                return;
            } catch (ModuleException e) {
                if (attempt >= 16 || e.getMessage() == null || !e.getMessage().contains("Maximum call stack size exceeded")) {
                    throw e;
                }
            }
        }
    }


    private void linkOne(ModuleGraph.Entry entry) {
        try {
            if (entry.module.getStatus() != IV8Module.Uninstantiated) {
                return;
            }
            glue.takePendingError();
            boolean ok;
            try {
                ok = entry.module.instantiate();
            } catch (BaseJavetScriptingException e) {
                ModuleException pending = glue.takePendingError();
                throw pending != null ? pending : errors.compile(e, entry.url, Phase.RESOLUTION, "SyntaxError");
            }
            ModuleException pending = glue.takePendingError();
            if (pending != null) {
                throw pending;
            }
            if (!ok) {
                throw errors.at(Phase.RESOLUTION, entry.url, "Linking failed", null);
            }
        } catch (JavetException e) {
            ModuleException pending = glue.takePendingError();
            throw pending != null ? pending : errors.at(Phase.RESOLUTION, entry.url, e.getMessage(), e);
        }
    }

    /**
     * The module's evaluation promise (the caller closes it). Javet evaluates only modules that
     * are linked and not yet evaluated, so the first promise is kept; a module first evaluated as
     * someone's dependency gets a promise made from its status. Deep graphs are evaluated in
     * steps ({@link ModuleGraph#evaluationSteps}) so V8's recursion stays shallow.
     */
    V8ValuePromise evaluate(ModuleGraph.Entry entry) {
        try {
            if (entry.evaluation != null) {
                return entry.evaluation.toClone();
            }
            int status = entry.module.getStatus();
            if (status == IV8Module.Instantiated) {
                for (ModuleGraph.Entry step : graph.evaluationSteps(entry, e -> hasStatus(e, IV8Module.Instantiated))) {
                    if (step.module.getStatus() == IV8Module.Instantiated) {
                        V8Handles.release(step.module.evaluate(false));
                    }
                }
                V8Value result = entry.module.evaluate(true);
                if (result instanceof V8ValuePromise promise) {
                    entry.evaluation = promise;
                    return promise.toClone();
                }
                result.close();
                status = entry.module.getStatus();
            }
            try (V8ValuePromise resolver = v8.values().createV8ValuePromise()) {
                if (status == IV8Module.Errored) {
                    try (V8ValueError error = entry.module.getException()) {
                        resolver.reject(error);
                    }
                } else {
                    resolver.resolve(v8.values().createV8ValueUndefined());
                }
                return resolver.getPromise();
            }
        } catch (BaseJavetScriptingException e) {
            throw errors.compile(e, entry.url, Phase.RUNTIME, "Error");
        } catch (JavetException e) {
            throw errors.at(Phase.RUNTIME, entry.url, e.getMessage(), e);
        }
    }

    private static boolean hasStatus(ModuleGraph.Entry e, int status) {
        try {
            return e.module.getStatus() == status;
        } catch (JavetException ex) {
            return false;
        }
    }
}
