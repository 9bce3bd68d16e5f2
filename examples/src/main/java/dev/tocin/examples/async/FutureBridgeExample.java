package dev.tocin.examples.async;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.JsException;
import dev.tocin.v8.V8Runtime;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * JavaScript awaiting Java and Java awaiting JavaScript: a registered Java function returns a
 * {@link CompletableFuture} that JS awaits ({@code await java.fetchUser(1)}), a Java failure
 * arrives in JS as an Error, and a JS promise is seen from Java as a future.
 */
public final class FutureBridgeExample {
    private FutureBridgeExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws Exception {
        try (var rt = new V8Runtime(); var io = Executors.newVirtualThreadPerTaskExecutor()) {
            rt.initialize();
            rt.registerFunction("java.fetchUser", args -> {
                long id = args[0].asLong();
                return CompletableFuture.supplyAsync(() -> {
                    if (id != 1) {
                        throw new IllegalArgumentException("no user " + id);
                    }
                    return Map.of("id", id, "name", "Ada");
                }, io);
            });
            rt.executeCode("""
                    async function greetUser(id) {
                      try {
                        const user = await java.fetchUser(id);
                        return 'Hello, ' + user.name;
                      } catch (e) {
                        return e.name + ': ' + e.message;
                      }
                    }
                    globalThis.greetings = Promise.all([greetUser(1), greetUser(2)]);
                    """);
            for (FFIValue line : ((FFIValue.ArrayValue) rt.awaitPromise("greetings", 5000).value()).elements()) {
                out.println("JS: " + line.asString());
            }

            // Java's view of a JS promise, and back.
            rt.executeCode("globalThis.slowSquare = n => new Promise(r => setTimeout(() => r(n * n), 10));");
            rt.executeCode("globalThis.nine = slowSquare(3);");
            CompletableFuture<FFIValue> nine = rt.toFuture(rt.getPromise("nine"));
            out.println("Java: slowSquare(3) = " + nine.get(5, TimeUnit.SECONDS));

            rt.executeCode("globalThis.broken = Promise.reject(new TypeError('not a number')); broken.catch(() => {});");
            try {
                rt.toFuture(rt.getPromise("broken")).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                var js = (JsException) e.getCause();
                out.println("Java: caught " + js.name() + " '" + js.jsMessage() + "'");
            }

            var answer = new CompletableFuture<Integer>();
            rt.exportValue("answer", rt.fromFuture(answer));
            rt.executeCode("globalThis.doubled = answer.then(x => x * 2);");
            answer.complete(21);
            out.println("JS doubled the Java future: " + rt.awaitPromise("doubled", 5000).value());
        }
    }
}
