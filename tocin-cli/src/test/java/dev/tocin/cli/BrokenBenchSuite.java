package dev.tocin.cli;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import java.util.List;
import java.util.function.Consumer;

/** A suite that fails, registered only in test resources. */
public final class BrokenBenchSuite implements BenchSuite {
    @Override
    public String name() {
        return "broken";
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) {
        throw new IllegalStateException("the peer is not installed");
    }
}
