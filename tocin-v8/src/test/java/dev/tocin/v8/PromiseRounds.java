package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * Many platform threads, each running rounds of: make a promise from Java, perhaps export it to JS,
 * resolve it on a virtual thread, and await it from Java and (when exported) by its global name.
 * Round {@code i} of thread {@code t} expects the value {@code t * 1000 + i}.
 */
final class PromiseRounds {
    private static final long GUARD_MS = 30_000;

    /**
     * @param exported         which rounds show the promise to JS
     * @param exportFirst      export before the resolution starts (JS surely holds it when Java resolves),
     *                         else race the export against the resolution
     * @param resolvedWith     what Java resolves with, for the expected value
     * @return what went wrong, empty when every round saw its own value from both sides
     */
    static List<String> run(V8Runtime rt, int threads, int rounds, IntPredicate exported, boolean exportFirst,
                            LongFunction<FFIValue> resolvedWith) throws InterruptedException {
        var failures = new ConcurrentLinkedQueue<String>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            started.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    long expected = thread * 1000L + i;
                    boolean shown = exported.test(i);
                    var resolver = new AtomicReference<Consumer<FFIValue>>();
                    JsPromise p = rt.createPromise((resolve, reject) -> resolver.set(resolve));
                    String name = "p" + thread + "_" + i;
                    if (shown && exportFirst) {
                        rt.exportValue(name, p);
                    }
                    var resolving = Thread.ofVirtual().start(() -> resolver.get().accept(resolvedWith.apply(expected)));
                    if (shown && !exportFirst) {
                        rt.exportValue(name, p);
                    }
                    var got = rt.awaitPromise(p, GUARD_MS);
                    if (!FFIValue.of(expected).equals(got.value())) {
                        failures.add(name + " -> " + got);
                    }
                    if (shown) {
                        var js = rt.awaitPromise(name, GUARD_MS);
                        if (!FFIValue.of(expected).equals(js.value())) {
                            failures.add(name + " seen from JS -> " + js);
                        }
                    }
                    try {
                        resolving.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
        }
        for (var t : started) {
            t.join(120_000);
        }
        return List.copyOf(failures);
    }

    private PromiseRounds() {
    }
}
