package dev.tocin.bench.jsengines;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * JS compute: every {@link Workload} on every engine, same source, same size, results checked
 * (against an independent expected value where one exists, otherwise against Node's result,
 * otherwise against each other). A wrong result fails the run rather than printing a time.
 */
final class ComputeBench {
    private final BenchFiles files;
    private final Budget budget;
    private final Consumer<String> progress;

    ComputeBench(BenchFiles files, Budget budget, Consumer<String> progress) {
        this.files = files;
        this.budget = budget;
        this.progress = progress;
    }

    void run(List<JsEngine.Kind> engines, Optional<NodeRunner> node, Rows rows) throws IOException, InterruptedException {
        for (Workload w : Workload.values()) {
            int size = w.benchSize();
            String name = "compute " + w.label() + "(" + size + ")";
            progress.accept(name);
            Map<String, Object> results = new LinkedHashMap<>();
            if (node.isPresent()) {
                var t = node.get().compute(w, size, budget);
                results.put("node", t.result());
                rows.time(name, "node", t.ms(), "ms");
            }
            for (JsEngine.Kind kind : engines) {
                try (JsEngine engine = kind.create()) {
                    engine.load(files.script(w.file()), w.moduleName());
                    var t = budget.time(engine.prepare(w.moduleName(), "run", (long) size));
                    results.put(engine.impl(), t.result());
                    rows.time(name, engine.impl(), t.ms(), "ms");
                }
            }
            check(w, size, results);
        }
    }

    static void check(Workload w, int size, Map<String, Object> results) {
        Object reference = w.expected(size).map(Object.class::cast)
                .or(() -> Optional.ofNullable(results.get("node")))
                .orElseGet(() -> results.values().iterator().next());
        results.forEach((impl, result) -> {
            if (!reference.equals(result)) {
                throw new IllegalStateException("workload " + w.label() + "(" + size + ") on " + impl
                        + " returned " + result + ", expected " + reference);
            }
        });
    }
}
