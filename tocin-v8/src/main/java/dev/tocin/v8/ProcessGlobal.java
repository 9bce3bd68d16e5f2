package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.runtime.Tocin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Installs the {@code process} global (process.js) and {@code global}: {@code env} from
 * {@link V8Options#env()}, {@code argv} as Node's (two leading entries, then
 * {@code tocin.args}), {@code cwd()} the entry module's folder, {@code exit()} through
 * {@link V8Options#onExit()}. See docs/modules.md, "CommonJS".
 */
final class ProcessGlobal {
    /** Defines a Java callback as a property of the host object (V8Runtime's, so it is released with the runtime). */
    @FunctionalInterface
    interface Definer {
        void define(V8ValueObject host, String name, IJavetDirectCallable.NoThisAndResult<Exception> body) throws JavetException;
    }

    private ProcessGlobal() {
    }

    /** @param entry the first module file the host loaded, or null before any */
    static void install(Isolate isolate, V8Options options, Supplier<Path> entry, Definer definer)
            throws JavetException {
        var v8 = isolate.values();
        String source;
        try (InputStream in = ProcessGlobal.class.getResourceAsStream("process.js")) {
            source = new String(Objects.requireNonNull(in, "process.js missing").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (V8ValueFunction factory = isolate.script(source).setResourceName("tocin:process.js").execute();
             V8ValueObject host = v8.createV8ValueObject();
             V8ValueObject env = v8.createV8ValueObject()) {
            for (var e : options.env().entrySet()) {
                env.set(e.getKey(), e.getValue());
            }
            host.set("env", env);
            host.set("version", Tocin.version());
            host.set("v8", isolate.v8Version());
            host.set("platform", platform());
            host.set("arch", arch());
            host.set("workingDirectory", Path.of("").toAbsolutePath().toString());
            definer.define(host, "entry", args -> {
                Path file = entry.get();
                if (file == null) {
                    return v8.createV8ValueNull();
                }
                var pair = v8.createV8ValueArray();
                pair.push(file.toString(), file.getParent().toString());
                return pair;
            });
            definer.define(host, "exit", args -> {
                if (options.onExit() != null) {
                    // The host hears of the exit first, so a session sees "exited" rather than the termination.
                    options.onExit().accept(args[0].asInt());
                    isolate.terminateExecution();
                }
                return null;
            });
            factory.callVoid(null, host);
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "win32";
        }
        if (os.startsWith("mac")) {
            return "darwin";
        }
        return os.replace(" ", "");
    }

    private static String arch() {
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64" -> "arm64";
            case "x86", "i386" -> "ia32";
            default -> System.getProperty("os.arch");
        };
    }
}
