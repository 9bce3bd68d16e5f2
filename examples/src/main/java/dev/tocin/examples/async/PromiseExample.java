package dev.tocin.examples.async;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.AsyncResult;
import dev.tocin.v8.JsPromise;
import dev.tocin.v8.V8Runtime;

import java.io.PrintStream;
import java.util.List;

/**
 * The seed guide's promise examples: two promises resolved later from other threads ("First",
 * "Second") awaited together, a JS promise awaited by name, a rejection carrying a JS Error,
 * and a wait that times out (the result is pending, the promise stays usable).
 */
public final class PromiseExample {
    private PromiseExample() {
    }

    public static void main(String[] args) {
        run(System.out, 5000);
    }

    /** {@code timeoutMs} is the seed's 5-second wait for the promise that never settles. */
    static void run(PrintStream out, long timeoutMs) {
        try (var rt = new V8Runtime()) {
            rt.initialize();

            JsPromise p1 = rt.createPromise((resolve, reject) -> new Thread(() -> {
                sleep(100); // simulated work
                resolve.accept(FFIValue.of("First"));
            }).start());
            JsPromise p2 = rt.createPromise((resolve, reject) -> new Thread(() -> {
                sleep(200);
                resolve.accept(FFIValue.of("Second"));
            }).start());
            rt.exportValue("p1", p1);                       // JS can await it
            rt.exportValue("p2", p2);
            rt.executeCode("globalThis.joined = Promise.all([p1, p2]).then(v => v.join(' + '));");

            List<AsyncResult> all = rt.awaitAll(List.of(p1, p2), 5000);   // the Promise.all pattern
            for (AsyncResult a : all) {
                out.println("awaitAll: " + a.value().asString());
            }
            out.println("JS saw: " + rt.awaitPromise("joined", 5000).value().asString());

            rt.executeCode("const myPromise = Promise.resolve(42);");
            AsyncResult a = rt.awaitPromise("myPromise", 5000);
            if (a.isResolved()) {
                out.println("myPromise resolved: " + a.value());
            }

            rt.executeCode("""
                    async function load(id) { throw new Error('record ' + id + ' not found'); }
                    const failing = load(7);
                    failing.catch(() => {});
                    """);
            AsyncResult failed = rt.awaitPromise("failing", 5000);
            if (failed.isRejected()) {
                out.println("failing rejected: " + failed.error());
                out.println("JS stack starts: " + failed.error().stack().lines().limit(2).toList());
            }

            JsPromise never = rt.createPromise((resolve, reject) -> { });
            AsyncResult late = rt.awaitPromise(never, timeoutMs);
            out.println("after " + timeoutMs + " ms: pending = " + late.isPending());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
