package dev.tocin.bench;

import java.util.List;
import java.util.function.Consumer;

/**
 * A group of workloads that runs Tocin and its peers side by side in one process run, so
 * that every figure can be reported as a ratio measured under the same conditions.
 */
public interface BenchSuite {
    /** The name users select it by in {@code tocin bench NAME}. */
    String name();

    /**
     * Runs every workload of the suite on every available implementation.
     *
     * @param options  {@link BenchOptions#quick()} asks for a run of seconds, not minutes
     * @param progress receives one short line per step (printed to stderr by the CLI)
     */
    List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception;
}
