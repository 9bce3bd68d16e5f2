package dev.tocin.examples.async;

import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.v8.JsPromise;
import dev.tocin.v8.V8Runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed guide's combined example: an ES module ({@code worker.mjs}) with an async
 * {@code processData}, called from fibers of three priorities, and a promise made in Java,
 * resolved by a CRITICAL fiber, that the module awaits.
 */
public final class CombinedExample {
    static final String WORKER_MJS = """
            export async function processData(label, items) {
              await new Promise(resolve => setTimeout(resolve, 1)); // some asynchronous step
              return { label, count: items.length, sum: items.reduce((a, b) => a + b, 0) };
            }

            export async function scaled(settings, items) {
              const { factor } = await settings;                  // a promise made in Java
              return items.map(x => x * factor);
            }
            """;

    private CombinedExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("tocin-combined");
        Path worker = dir.resolve("worker.mjs");
        Files.writeString(worker, WORKER_MJS);
        try (var scheduler = LightweightScheduler.builder().workers(2).build(); var rt = new V8Runtime()) {
            scheduler.start();
            rt.initialize();
            rt.loadModule(worker.toString(), "worker");

            var jobs = new ArrayList<Fiber<FFIValue>>();
            for (var priority : List.of(Fiber.Priority.CRITICAL, Fiber.Priority.NORMAL, Fiber.Priority.BACKGROUND)) {
                List<Integer> items = List.of(1, 2, 3, priority.value() + 1);
                // Each call runs on the runtime's loop at the fiber's priority; the fiber parks meanwhile.
                jobs.add(scheduler.goWithPriority(priority, () ->
                        rt.callFunction("worker", "processData", FFIValue.of(priority.name()), FFIValue.fromJava(items))));
            }
            for (var job : jobs) {
                FFIValue r = job.join();
                out.println(r.get("label").asString() + ": count=" + r.get("count") + " sum=" + r.get("sum"));
            }

            JsPromise settings = rt.createPromise((resolve, reject) ->
                    scheduler.goWithPriority(Fiber.Priority.CRITICAL,
                            () -> resolve.accept(FFIValue.fromJava(Map.of("factor", 10)))));
            rt.exportValue("settings", settings);
            rt.executeCode("import { scaled } from 'worker'; globalThis.result = scaled(settings, [1, 2, 3]);");
            out.println("scaled: " + rt.awaitPromise("result", 5000).value().toJSON());
            scheduler.waitAll();
            out.println("fibers completed: " + scheduler.getStats().completedFibers());
        } finally {
            Files.deleteIfExists(worker);
            Files.deleteIfExists(dir);
        }
    }
}
