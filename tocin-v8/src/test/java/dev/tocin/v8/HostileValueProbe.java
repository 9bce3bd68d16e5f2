package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-JVM main: runs the named {@link HostileValues} cases (all when none are named), each in a
 * fresh runtime, and prints one line per case, {@code CASE <name> OK <json>} or
 * {@code CASE <name> ERR <class>: <message>}, then {@code DONE}. A JVM killed by V8 prints no
 * {@code DONE} and exits 133.
 */
final class HostileValueProbe {
    public static void main(String[] args) throws Exception {
        var all = new ArrayList<>(HostileValues.ISSUE);
        all.addAll(HostileValues.PROBES);
        var wanted = List.of(args);
        var module = Files.createTempFile("hostile", ".mjs");
        try {
            Files.writeString(module, "export function value(code) { return (0, eval)(code); }\n");
            for (var c : all) {
                if (wanted.isEmpty() || wanted.contains(c.name())) {
                    System.out.println("CASE " + c.name() + " " + run(c, module.toString()));
                    System.out.flush();
                }
            }
        } finally {
            Files.deleteIfExists(module);
        }
        System.out.println("DONE");
    }

    private static String run(HostileValues.Case c, String modulePath) {
        var options = c.via() == HostileValues.Via.TIMED
                ? V8Options.builder().timeout(java.time.Duration.ofSeconds(2)).build() : V8Options.defaults();
        try (var rt = new V8Runtime(options)) {
            rt.initialize();
            FFIValue v = switch (c.via()) {
                case CODE, TIMED -> rt.executeCode(c.code());
                case EXPRESSION -> rt.evaluateExpression(c.code());
                case CALL -> {
                    rt.loadModule(modulePath, "hostile");
                    yield rt.callFunction("hostile", "value", FFIValue.of(c.code()));
                }
                case JAVA_ARGUMENT -> {
                    rt.registerFunction("take", a -> a[0]);
                    yield rt.executeCode("try { take(" + c.code() + "); 'taken' } catch (e) { 'ERR ' + e.name + ': ' + e.message }");
                }
            };
            String text = v.toJSON();
            return shorten(text.startsWith("\"ERR ") ? FFIValue.fromJSON(text).asString() : "OK " + text);
        } catch (RuntimeException e) {
            return shorten("ERR " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** One line of at most 400 characters (huge strings are among the cases). */
    private static String shorten(String line) {
        String one = line.replace('\n', ' ');
        return one.length() <= 400 ? one : one.substring(0, 400) + "...";
    }

    private HostileValueProbe() {
    }
}
