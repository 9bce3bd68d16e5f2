package dev.tocin.v8.script;

import dev.tocin.runtime.Tocin;
import dev.tocin.v8.V8Options;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Registers Tocin's V8 with {@code javax.script}: {@code new ScriptEngineManager().getEngineByName("tocin")}
 * (or {@code v8}, {@code javascript}, and {@code js} when no other engine on the class path claims
 * it), by extension {@code js}/{@code mjs}, or by a JavaScript mime type. Each engine is one
 * {@link dev.tocin.v8.V8Runtime} with default {@link V8Options}.
 */
public final class TocinScriptEngineFactory implements ScriptEngineFactory {
    private static final List<String> EXTENSIONS = List.of("js", "mjs");
    private static final List<String> MIME_TYPES = List.of("application/javascript", "text/javascript",
            "application/ecmascript", "text/ecmascript");

    private volatile List<String> names;

    @Override
    public String getEngineName() {
        return "Tocin V8";
    }

    @Override
    public String getEngineVersion() {
        return Tocin.version();
    }

    @Override
    public List<String> getExtensions() {
        return EXTENSIONS;
    }

    @Override
    public List<String> getMimeTypes() {
        return MIME_TYPES;
    }

    @Override
    public List<String> getNames() {
        var n = names;
        if (n == null) {
            var all = new ArrayList<>(List.of("tocin", "v8", "javascript"));
            if (!claimedByAnotherEngine("js")) {
                all.add("js");
            }
            n = List.copyOf(all);
            names = n;
        }
        return n;
    }

    /** Whether another factory visible to the context class loader answers to {@code name} (e.g. GraalJS's). */
    private static boolean claimedByAnotherEngine(String name) {
        var loader = Thread.currentThread().getContextClassLoader();
        var it = ServiceLoader.load(ScriptEngineFactory.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return false;
                }
                var other = it.next();
                if (!(other instanceof TocinScriptEngineFactory) && other.getNames().contains(name)) {
                    return true;
                }
            } catch (ServiceConfigurationError e) {
                // a broken provider cannot be asked; ScriptEngineManager skips it the same way
                System.getLogger(TocinScriptEngineFactory.class.getName())
                        .log(System.Logger.Level.DEBUG, "skipping a script engine factory: " + e.getMessage());
            }
        }
    }

    @Override
    public String getLanguageName() {
        return "ECMAScript";
    }

    /** The language level of the bundled V8: the current ECMAScript edition and its finished proposals. */
    @Override
    public String getLanguageVersion() {
        return "latest (V8)";
    }

    @Override
    public Object getParameter(String key) {
        return switch (key) {
            case ScriptEngine.ENGINE -> getEngineName();
            case ScriptEngine.ENGINE_VERSION -> getEngineVersion();
            case ScriptEngine.NAME -> getNames().getFirst();
            case ScriptEngine.LANGUAGE -> getLanguageName();
            case ScriptEngine.LANGUAGE_VERSION -> getLanguageVersion();
            // thread-safe, one isolate: scripts from several threads see each other's globals
            case "THREADING" -> "MULTITHREADED";
            default -> null;
        };
    }

    @Override
    public String getMethodCallSyntax(String obj, String m, String... args) {
        return obj + "." + m + "(" + String.join(", ", args) + ")";
    }

    @Override
    public String getOutputStatement(String toDisplay) {
        return "console.log(" + JsNames.literal(toDisplay) + ")";
    }

    @Override
    public String getProgram(String... statements) {
        return List.of(statements).stream().map(s -> s + ";").collect(Collectors.joining("\n"));
    }

    @Override
    public ScriptEngine getScriptEngine() {
        return new TocinScriptEngine(this, V8Options.defaults());
    }
}
