package dev.tocin.bench.scheduler;

import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * Everything the scheduler benchmarks can run on. Every kind uses the same number of
 * workers (the virtual-thread scheduler's parallelism is the CPU count by default).
 */
enum Implementation {
    TOCIN("tocin"),
    /** Tocin with {@code enableNUMAAwareness(true)}: the NUMA-cost benchmark's subject. */
    TOCIN_NUMA_AWARE("tocin-numa-aware"),
    FORK_JOIN("ForkJoinPool"),
    PRIORITY_POOL(PriorityPoolPeer.NAME),
    VIRTUAL_THREADS("virtual-threads");

    private final String label;

    Implementation(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    Contender start(int workers) {
        return switch (this) {
            case TOCIN -> new TocinContender(label, workers, false);
            case TOCIN_NUMA_AWARE -> new TocinContender(label, workers, true);
            case FORK_JOIN -> new ExecutorPeer(label, new ForkJoinPool(workers));
            case PRIORITY_POOL -> new PriorityPoolPeer(workers);
            case VIRTUAL_THREADS -> new ExecutorPeer(label, Executors.newVirtualThreadPerTaskExecutor());
        };
    }

    /** The implementation called {@code label}, for JMH's string parameters. */
    static Implementation byLabel(String label) {
        for (var impl : values()) {
            if (impl.label.equals(label)) {
                return impl;
            }
        }
        throw new IllegalArgumentException("unknown implementation '" + label + "'; known: "
                + java.util.Arrays.stream(values()).map(Implementation::label).toList());
    }
}
