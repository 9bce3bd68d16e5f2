package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueNull;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.primitive.V8ValueUndefined;
import com.caoccao.javet.values.reference.V8ValueError;
import com.caoccao.javet.values.reference.V8ValueObject;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tocin.v8.module.ModuleException.Phase;

/**
 * Every {@link ModuleException} the loader raises is made here: each names the specifier, the
 * referrer and the position of the import (or the bad token, or the throwing frame), and the
 * chain of importers up to the entry module.
 */
final class ModuleErrors {
    private static final Pattern STACK_LOCATION = Pattern.compile("\\(?((?:file|data|https?|tocin):[^\\s()]*?):(\\d+):(\\d+)\\)?");
    private static final Pattern ERROR_NAME = Pattern.compile("[A-Za-z0-9_$]*Error");

    private final ModuleGraph graph;

    ModuleErrors(ModuleGraph graph) {
        this.graph = graph;
    }

    /** An error at the import of {@code specifier} in {@code referrer} (at nothing when the host asked). */
    ModuleException atImport(String errorType, String detail, String specifier, String referrer, Throwable cause) {
        int[] at = graph.importPosition(referrer, specifier);
        return ModuleException.of(Phase.RESOLUTION, errorType, detail).at(referrer, at[0], at[1])
                .chain(referrer == null ? List.of() : graph.chain(referrer)).cause(cause).build();
    }

    ModuleException unresolved(ResolveError e, String specifier, String referrer) {
        return atImport(e.errorType(), e.getMessage() + " [" + e.code + "]", specifier, referrer, e);
    }

    ModuleException refused(ImportAttributes.Refused e, String specifier, String referrer) {
        return atImport("TypeError", e.getMessage(), specifier, referrer, e);
    }

    ModuleException notText(String url, ModuleCode.NotText e, String specifier, String referrer) {
        return atImport("Error", "Cannot load module \"" + url + "\": the file is " + e.getMessage()
                + "; import it with { type: 'bytes' } to read it as a Uint8Array", specifier, referrer, e);
    }

    ModuleException notFound(String url, String specifier, String referrer, Throwable cause) {
        return atImport("Error", "Module not found \"" + url + "\"", specifier, referrer, cause);
    }

    ModuleException unreadable(String url, String why, String specifier, String referrer, Throwable cause) {
        return atImport("Error", "Cannot read module \"" + url + "\": " + why, specifier, referrer, cause);
    }

    ModuleException invalidJson(String url, Json.SyntaxError e, Phase phase) {
        return ModuleException.of(phase, "SyntaxError", "Invalid JSON module: " + e.getMessage())
                .at(url, e.line, e.column).chain(graph.chain(url)).cause(e).build();
    }

    /** A syntax (or link) error V8 reported while compiling or linking {@code url}. */
    ModuleException compile(BaseJavetScriptingException e, String url, Phase phase, String fallbackType) {
        var at = SourceMaps.of(e.getScriptingError(), url);
        return ModuleException.of(phase, errorName(e.getMessage(), fallbackType), stripName(e.getMessage()))
                .at(at.file(), at.line(), at.column()).chain(graph.chain(at.file())).cause(e).build();
    }

    /** A failure with no better location than the module itself. */
    ModuleException at(Phase phase, String url, String detail, Throwable cause) {
        return ModuleException.of(phase, "Error", detail).at(url).chain(url == null ? List.of() : graph.chain(url)).cause(cause).build();
    }

    static ModuleException noSuchName(String name) {
        return ModuleException.of(Phase.RESOLUTION, "Error", "No module registered as \"" + name + "\"").build();
    }

    /** A thrown value as a ModuleException pointing at the first frame of its stack. */
    ModuleException evaluation(V8Value reason, String fallbackFile) throws JavetException {
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
                    var at = SourceMaps.original(file, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                    line = at.line();
                    column = at.column();
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
            detail = "Uncaught " + object;
        } else if (reason instanceof V8ValueUndefined || reason instanceof V8ValueNull) {
            detail = "Uncaught " + reason;
        } else {
            detail = "Uncaught " + reason.toString();
        }
        return ModuleException.of(Phase.RUNTIME, type, detail).at(file, line, column)
                .chain(file == null ? List.of() : graph.chain(file)).build();
    }

    static String errorName(String message, String fallback) {
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0 && ERROR_NAME.matcher(message.substring(0, colon)).matches()) {
                return message.substring(0, colon);
            }
        }
        return fallback;
    }

    static String stripName(String message) {
        if (message == null) {
            return "unknown error";
        }
        int colon = message.indexOf(':');
        return colon > 0 && ERROR_NAME.matcher(message.substring(0, colon)).matches() ? message.substring(colon + 1).trim() : message;
    }
}
