package dev.tocin.cli;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import java.util.List;
import java.util.function.Consumer;

/** A suite with known figures, registered only in test resources. */
public final class FakeBenchSuite implements BenchSuite {
    static volatile BenchOptions lastOptions;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) {
        lastOptions = options;
        progress.accept("spawn: 1/2");
        progress.accept("latency: 2/2");
        return List.of(
                new BenchResult("fake", "spawn", "peer-slow", 100, "ops/s", true),
                new BenchResult("fake", "spawn", "tocin", 200, "ops/s", true),
                new BenchResult("fake", "spawn", "peer-fast", 400, "ops/s", true),
                new BenchResult("fake", "latency", "tocin", 2.5, "ms", false),
                new BenchResult("fake", "latency", "peer-slow", 5, "ms", false),
                new BenchResult("fake", "latency", "peer-stuck (not finished within 10 ms)", 10, "ms", false),
                new BenchResult("fake", "peer-only", "peer-slow", 1234567.0, "ops/s", true));
    }
}
