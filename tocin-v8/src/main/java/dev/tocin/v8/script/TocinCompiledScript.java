package dev.tocin.v8.script;

import javax.script.CompiledScript;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptException;

/** A script kept for repeated runs on its engine (see {@link TocinScriptEngine#compile(String)}). */
final class TocinCompiledScript extends CompiledScript {
    private final TocinScriptEngine engine;
    private final String source;

    TocinCompiledScript(TocinScriptEngine engine, String source) {
        this.engine = engine;
        this.source = source;
    }

    @Override
    public Object eval(ScriptContext context) throws ScriptException {
        return engine.eval(source, context);
    }

    @Override
    public ScriptEngine getEngine() {
        return engine;
    }
}
