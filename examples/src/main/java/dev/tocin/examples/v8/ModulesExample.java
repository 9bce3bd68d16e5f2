package dev.tocin.examples.v8;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Runtime;

import java.io.PrintStream;

/**
 * The seed guide's V8 example: load {@code mymodule.mjs} (greet, PI, Calculator), read its
 * namespace, export a Java value, run code that imports the module, call an export, and let JS
 * call Java.
 */
public final class ModulesExample {
    private ModulesExample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        String module = ModuleFiles.path("mymodule.mjs").toString();
        try (var rt = new V8Runtime()) {
            rt.initialize();
            if (!rt.loadESModule(module, "mymodule")) {
                out.println("load failed: " + rt.getLastError());
                return;
            }
            var ns = (FFIValue.ObjectValue) rt.importModule("mymodule");
            out.println("exports: " + String.join(", ", ns.fields().keySet()));
            out.println("PI = " + ns.fields().get("PI"));

            rt.exportValue("myValue", FFIValue.of(42));
            out.println("myValue + 1 = " + rt.evaluateExpression("myValue + 1"));

            FFIValue r = rt.executeCode("import { greet } from 'mymodule'; greet('World');");
            out.println("executeCode -> " + r.toJava());

            out.println("callFunction -> " + rt.callFunction("mymodule", "greet", FFIValue.of("Ada")).toJava());

            r = rt.executeCode("import { Calculator } from 'mymodule'; const calc = new Calculator(); calc.multiply(6, 7)");
            out.println("calc.multiply(6, 7) = " + r);

            rt.registerFunction("log", params -> {
                out.println("JS says: " + params[0].toJava());
                return null;
            });
            rt.executeCode("log(greet('from JS'))"); // imports of earlier executeCode calls stay bound

            rt.executeCode("import { PI } from 'mymodule';");
            out.println("PI * 2 = " + rt.evaluateExpression("PI * 2"));
        }
    }
}
