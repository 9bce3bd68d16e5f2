package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real JavaScript parser (acorn 8, vendored with its MIT license) running in a private V8
 * isolate shared by every runtime in the JVM, so user code never sees it and a user's globals
 * cannot break it. Calls are serialised by a lock; each is one parse of one source.
 */
final class JsParser {
    /** The transform of one source: the rewritten code (null when unchanged) and what it found. */
    record Result(String code, boolean dynamicImport, boolean importMeta, boolean async,
                  List<StaticImport> imports, String error, int line, int column) {
        boolean failed() {
            return error != null;
        }
    }

    /** A static import (or literal import()) with its {@code type} attribute and source position. */
    record StaticImport(String specifier, String type, boolean dynamic, int line, int column) {
    }

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static V8Runtime isolate;

    private JsParser() {
    }

    static Result module(String source) {
        return call("tocinModuleTransform", source);
    }

    static Result script(String source) {
        return call("tocinScriptTransform", source);
    }

    static Result repl(String source) {
        return call("tocinReplTransform", source);
    }

    private static Result call(String function, String source) {
        String json;
        LOCK.lock();
        try {
            json = runtime().getGlobalObject().invokeString(function, source);
        } catch (JavetException e) {
            throw new IllegalStateException("the module parser failed: " + e.getMessage(), e);
        } finally {
            LOCK.unlock();
        }
        try {
            @SuppressWarnings("unchecked")
            var map = (Map<String, Object>) Json.parse(json);
            return toResult(map);
        } catch (Json.SyntaxError e) {
            throw new IllegalStateException("the module parser returned invalid JSON: " + e.getMessage(), e);
        }
    }

    private static Result toResult(Map<String, Object> map) {
        var imports = new java.util.ArrayList<StaticImport>();
        if (map.get("imports") instanceof List<?> list) {
            for (Object o : list) {
                var m = (Map<?, ?>) o;
                imports.add(new StaticImport((String) m.get("specifier"),
                        m.get("type") instanceof String s ? s : null,
                        Boolean.TRUE.equals(m.get("dynamic")),
                        ((Double) m.get("line")).intValue(), ((Double) m.get("column")).intValue()));
            }
        }
        return new Result(map.get("code") instanceof String s ? s : null,
                Boolean.TRUE.equals(map.get("dynamicImport")), Boolean.TRUE.equals(map.get("importMeta")),
                Boolean.TRUE.equals(map.get("async")), List.copyOf(imports),
                map.get("error") instanceof String e ? e : null,
                map.get("line") instanceof Double d ? d.intValue() : 0,
                map.get("column") instanceof Double d ? d.intValue() : 0);
    }

    private static V8Runtime runtime() throws JavetException {
        if (isolate == null) {
            V8Runtime v8 = V8Host.getV8Instance().createV8Runtime();
            v8.getExecutor(resource("acorn.js")).setResourceName("tocin:acorn.js").executeVoid();
            v8.getExecutor(resource("transform.js")).setResourceName("tocin:transform.js").executeVoid();
            isolate = v8;
        }
        return isolate;
    }

    static String resource(String name) {
        try (InputStream in = JsParser.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/tocin/v8/module/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }
}
