package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.reference.V8Module;

import static dev.tocin.v8.module.ModuleException.Phase;

/** V8 compiles module code here, through the code cache when there is one, and judges syntax before swc sees it. */
final class ModuleCompiler {
    private final ModuleIsolate v8;
    private final CodeCache codeCache;
    private final ModuleErrors errors;

    ModuleCompiler(ModuleIsolate v8, CodeCache codeCache, ModuleErrors errors) {
        this.v8 = v8;
        this.codeCache = codeCache;
        this.errors = errors;
    }

    V8Module compile(String code, String url, Phase phase) {
        try {
            byte[] cached = codeCache == null ? null : codeCache.lookup(code);
            var executor = v8.script(code, cached);
            V8Module module = executor.setResourceName(url).setModule(true).compileV8Module();
            if (codeCache != null && cached == null) {
                codeCache.store(code, module.getCachedData());
            }
            return module;
        } catch (BaseJavetScriptingException e) {
            throw errors.compile(e, url, phase, "SyntaxError");
        } catch (JavetException e) {
            throw errors.at(phase, url, e.getMessage(), e);
        }
    }

    /**
     * V8's syntax error for {@code code} as a module or a script, or null when it compiles. The
     * parser only ever sees code V8 accepts (see {@link JsParser}).
     */
    ModuleException syntaxError(String code, String resourceName, boolean module) {
        try {
            var executor = v8.script(code).setResourceName(resourceName);
            if (module) {
                V8Handles.release(executor.setModule(true).compileV8Module());
            } else {
                V8Handles.release(executor.compileV8Script());
            }
            return null;
        } catch (BaseJavetScriptingException e) {
            var err = e.getScriptingError();
            return ModuleException.of(Phase.PARSE, ModuleErrors.errorName(e.getMessage(), "SyntaxError"), ModuleErrors.stripName(e.getMessage()))
                    .at(resourceName, err.getLineNumber(), err.getStartColumn() + 1).cause(e).build();
        } catch (JavetException e) {
            throw new IllegalStateException("V8 could not compile " + resourceName + ": " + e.getMessage(), e);
        }
    }
}
