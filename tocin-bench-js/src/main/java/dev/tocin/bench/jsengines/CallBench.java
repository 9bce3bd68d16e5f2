package dev.tocin.bench.jsengines;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cost of crossing the boundary, per element: Java->JS one call per {@code add(1, 2)};
 * the alternatives users have when that hop is the cost (a batch of pairs in one call, or
 * the loop moved into JS); and JS->Java callbacks. Every figure is nanoseconds per element,
 * each result checked.
 */
final class CallBench {
    static final int BATCH = 1000;
    static final String PER_CALL = "java->js add(1,2), one call each";
    static final String BATCHED = "java->js add, " + BATCH + " pairs per call";
    static final String LOOP_IN_JS = "java->js add, loop moved into JS";
    static final String CALLBACK = "js->java javaAdd(a,b) callback";

    private final BenchFiles files;
    private final Budget budget;
    private final Consumer<String> progress;

    CallBench(BenchFiles files, Budget budget, Consumer<String> progress) {
        this.files = files;
        this.budget = budget;
        this.progress = progress;
    }

    void run(List<JsEngine.Kind> engines, Rows rows) {
        progress.accept("call overhead");
        int[] pairs = new int[2 * BATCH];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = i;
        }
        for (JsEngine.Kind kind : engines) {
            try (JsEngine engine = kind.create()) {
                engine.load(files.script("calls.mjs"), "calls");
                engine.registerJavaAdd();
                String impl = engine.impl();

                var add = budget.time(engine.prepare("calls", "add", 1L, 2L));
                expect(impl, PER_CALL, add.result(), 3L);
                rows.time(PER_CALL, impl, add.ms() * 1e6, "ns/element");

                var batch = budget.time(engine.prepare("calls", "addPairs", (Object) pairs));
                int[] sums = (int[]) batch.result();
                expect(impl, BATCHED, sums.length, BATCH);
                for (int i = 0; i < BATCH; i++) {
                    expect(impl, BATCHED, sums[i], pairs[2 * i] + pairs[2 * i + 1]);
                }
                rows.time(BATCHED, impl, batch.ms() * 1e6 / BATCH, "ns/element");

                var loop = budget.time(engine.prepare("calls", "addInJs", (long) BATCH));
                expect(impl, LOOP_IN_JS, loop.result(), 7L * 8 / 2 * (BATCH / 8));
                rows.time(LOOP_IN_JS, impl, loop.ms() * 1e6 / BATCH, "ns/element");

                var callback = budget.time(engine.prepare("calls", "callJava", (long) BATCH));
                expect(impl, CALLBACK, callback.result(), (long) BATCH);
                rows.time(CALLBACK, impl, callback.ms() * 1e6 / BATCH, "ns/element");
            }
        }
    }

    private static void expect(String impl, String what, Object got, Object expected) {
        if (!expected.equals(got)) {
            throw new IllegalStateException(what + " on " + impl + " returned " + describe(got) + ", expected " + expected);
        }
    }

    private static String describe(Object o) {
        return o instanceof int[] a ? Arrays.toString(a) : String.valueOf(o);
    }
}
