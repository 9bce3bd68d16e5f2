package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetCompilationException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.reference.V8Script;
import com.caoccao.javet.values.reference.V8ValueFunction;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs test262 tests in this JVM, one fresh V8 isolate per test and variant, and prints one
 * line per test: {@code S<TAB>path} before it starts and {@code R<TAB>path<TAB>PASS|FAIL|SKIP<TAB>detail}
 * after. {@link Test262ConformanceTest} runs it in child JVMs so that a fatal V8 error in one
 * test cannot take down the runner: the test after the last {@code S} line is the culprit.
 *
 * <p>Usage: {@code Test262Worker <test262 root> <file listing test paths relative to the root> [all]};
 * with {@code all}, tests of features V8 lacks run too (to compare with figures that count them).
 */
public final class Test262Worker {
    /**
     * Features this V8 (14.7, default flags) does not parse; checked at start-up with the probe
     * source, so the list cannot silently outlive an engine upgrade.
     */
    static final Map<String, String> V8_LACKS = Map.of(
            "source-phase-imports", "import source x from './x.js';",
            "source-phase-imports-module-source", "import source x from './x.js';",
            "import-defer", "import defer * as ns from './x.js';");

    enum Status { PASS, FAIL, SKIP }

    record Result(Status status, String detail) {
    }

    /** What a variant did: threw (in a phase, with a type) or completed, plus what it printed. */
    private record Outcome(String phase, String type, String message, List<String> printed) {
        boolean threw() {
            return phase != null;
        }
    }

    private final Path root;
    private final Map<String, String> harness = new HashMap<>();
    private final Set<String> lacking;

    Test262Worker(Path root, boolean runAll) throws JavetException {
        this.root = root;
        this.lacking = runAll ? Set.of() : probeLackingFeatures();
    }

    public static void main(String[] args) throws Exception {
        var out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Javet turns V8's use_strict flag on by default, which would run every "sloppy" variant strict.
        com.caoccao.javet.interop.options.V8RuntimeOptions.V8_FLAGS.setUseStrict(false);
        ModuleFlags.apply(com.caoccao.javet.interop.options.V8RuntimeOptions.V8_FLAGS);
        var worker = new Test262Worker(Path.of(args[0]), args.length > 2 && args[2].equals("all"));
        for (String rel : Files.readAllLines(Path.of(args[1]))) {
            out.println("S\t" + rel);
            Result r;
            try {
                r = worker.run(rel);
            } catch (Exception | Error e) {
                r = new Result(Status.FAIL, "runner error: " + e);
            }
            out.println("R\t" + rel + "\t" + r.status() + "\t" + r.detail().replaceAll("\\s+", " "));
        }
    }

    private static Set<String> probeLackingFeatures() throws JavetException {
        var lacking = new java.util.TreeSet<String>();
        try (V8Runtime v8 = V8Host.getV8Instance().createV8Runtime()) {
            for (var e : V8_LACKS.entrySet()) {
                try {
                    v8.getExecutor(e.getValue()).setResourceName("file:///probe/" + e.getKey() + ".mjs").setModule(true).compileV8Module().close();
                } catch (JavetCompilationException ex) {
                    lacking.add(e.getKey());
                }
            }
        }
        return lacking;
    }

    Result run(String rel) throws IOException, JavetException {
        var test = Test262Case.read(root.resolve(rel));
        for (String f : test.features()) {
            if (lacking.contains(f)) {
                return new Result(Status.SKIP, "V8 lacks " + f);
            }
        }
        List<Boolean> variants = test.flag("module") || test.flag("raw") || test.flag("noStrict") ? List.of(false)
                : test.flag("onlyStrict") ? List.of(true) : List.of(false, true);
        for (boolean strict : variants) {
            Outcome o = runVariant(test, strict);
            String failure = judge(test, o);
            if (failure != null) {
                return new Result(Status.FAIL, (test.flag("module") ? "" : strict ? "[strict] " : "[sloppy] ") + failure);
            }
        }
        return new Result(Status.PASS, "");
    }

    private static String judge(Test262Case test, Outcome o) {
        if (test.isNegative()) {
            if (!o.threw()) {
                return "expected " + test.negativePhase() + " " + test.negativeType() + " but completed";
            }
            if (!o.phase().equals(test.negativePhase()) || !o.type().equals(test.negativeType())) {
                return "expected " + test.negativePhase() + " " + test.negativeType() + " but got " + o.phase() + " " + o.type() + ": " + o.message();
            }
            return null;
        }
        if (o.threw()) {
            return o.phase() + " " + o.type() + ": " + o.message();
        }
        if (test.flag("async")) {
            for (String line : o.printed()) {
                if (line.startsWith("Test262:AsyncTestFailure")) {
                    return line;
                }
            }
            if (!o.printed().contains("Test262:AsyncTestComplete")) {
                return "async test did not complete; printed " + o.printed();
            }
        }
        return null;
    }

    private Outcome runVariant(Test262Case test, boolean strict) throws IOException, JavetException {
        var printed = new ArrayList<String>();
        try (V8Runtime v8 = V8Host.getV8Instance().createV8Runtime()) {
            installHost(v8, printed);
            var modules = new ModuleSystem(v8, ModuleOptions.defaults().withRoots(root.resolve("test")), ModuleSystem.Loop.microtasks(v8));
            try {
                Path dir = test.file().getParent();
                modules.setScriptBase(dir);
                if (!test.flag("raw")) {
                    var files = new ArrayList<>(List.of("assert.js", "sta.js"));
                    if (test.flag("async")) {
                        files.add("doneprintHandle.js");
                    }
                    files.addAll(test.includes());
                    for (String f : files) {
                        v8.getExecutor(harness(f)).setResourceName("harness/" + f).executeVoid();
                    }
                }
                Outcome outcome = test.flag("module") ? runModule(modules, test, printed) : runScript(v8, modules, test, strict, printed);
                if (outcome.threw() || !test.flag("async")) {
                    return outcome;
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                ModuleSystem.Loop.microtasks(v8).runUntil(
                        () -> printed.stream().anyMatch(l -> l.startsWith("Test262:Async")), deadline);
                return outcome;
            } finally {
                modules.close();
            }
        }
    }

    private static Outcome runModule(ModuleSystem modules, Test262Case test, List<String> printed) {
        try {
            modules.load(test.file().toString(), test.file().getParent()).close();
            return new Outcome(null, null, null, printed);
        } catch (ModuleException e) {
            String phase = switch (e.phase()) {
                case PARSE -> "parse";
                case RESOLUTION -> "resolution";
                case RUNTIME -> "runtime";
            };
            return new Outcome(phase, e.errorType(), e.getMessage(), printed);
        } catch (JavetException e) {
            return new Outcome("runtime", "Error", e.getMessage(), printed);
        }
    }

    private static Outcome runScript(V8Runtime v8, ModuleSystem modules, Test262Case test, boolean strict, List<String> printed) {
        String code;
        try {
            code = modules.transformScript(strict ? "\"use strict\";\n" + test.source() : test.source());
        } catch (ModuleException e) {
            return new Outcome("parse", e.errorType(), e.getMessage(), printed);
        }
        V8Script script;
        try {
            script = v8.getExecutor(code).setResourceName(test.file().toUri().toString()).compileV8Script();
        } catch (BaseJavetScriptingException e) {
            return new Outcome("parse", typeOf(e.getMessage()), e.getMessage(), printed);
        } catch (JavetException e) {
            return new Outcome("parse", "Error", e.getMessage(), printed);
        }
        try (script) {
            script.executeVoid();
            return new Outcome(null, null, null, printed);
        } catch (BaseJavetScriptingException e) {
            return new Outcome("runtime", typeOf(e.getMessage()), e.getMessage(), printed);
        } catch (JavetException e) {
            return new Outcome("runtime", "Error", e.getMessage(), printed);
        }
    }

    private static String typeOf(String message) {
        int colon = message == null ? -1 : message.indexOf(':');
        return colon > 0 && message.substring(0, colon).matches("[A-Za-z0-9_$]*Error") ? message.substring(0, colon) : "(not an Error)";
    }

    private void installHost(V8Runtime v8, List<String> printed) throws JavetException {
        IJavetDirectCallable.NoThisAndResult<Exception> print = args -> {
            printed.add(args.length == 0 ? "undefined" : args[0].toString());
            return v8.createV8ValueUndefined();
        };
        try (V8ValueFunction fn = v8.createV8ValueFunction(new JavetCallbackContext("print", JavetCallbackType.DirectCallNoThisAndResult, print))) {
            v8.getGlobalObject().set("__print", fn);
        }
        v8.getExecutor("""
                Object.defineProperty(globalThis, 'print', { value: __print, writable: true, configurable: true, enumerable: false });
                delete globalThis.__print;
                Object.defineProperty(globalThis, '$262', { writable: true, configurable: true, enumerable: false, value: {
                  global: globalThis,
                  evalScript(source) { return (0, eval)(String(source)); },
                  gc() { throw new TypeError('$262.gc is not available'); },
                  createRealm() { throw new TypeError('$262.createRealm is not available'); },
                  detachArrayBuffer() { throw new TypeError('$262.detachArrayBuffer is not available'); },
                  agent: {}
                }});
                """).setResourceName("test262-host.js").executeVoid();
    }

    private String harness(String name) throws IOException {
        String cached = harness.get(name);
        if (cached == null) {
            cached = Files.readString(root.resolve("harness").resolve(name));
            harness.put(name, cached);
        }
        return cached;
    }
}
