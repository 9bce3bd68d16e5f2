package dev.tocin.runtime;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a {@link LightweightScheduler}'s counters. Counts read while fibers run are each
 * exact at some instant, but not all at the same instant.
 *
 * @param mode whether fibers run as virtual threads or as run-to-completion tasks
 * @param fallbackReason why the scheduler runs in {@link Mode#RUN_TO_COMPLETION}; null in {@link Mode#FIBERS}
 * @param totalWorkers the worker threads the scheduler was configured with (spares not included)
 * @param spareWorkers spare workers currently running in place of workers pinned by blocking calls
 * @param submittedFibers fibers accepted so far
 * @param activeFibers fibers accepted and not finished: queued, running or parked
 * @param completedFibers fibers finished, successfully or not (cancelled ones included)
 * @param failedFibers fibers whose task threw
 * @param queued entries in run queues per priority (a fiber whose priority changed while queued may
 *     briefly count twice)
 * @param steals fibers taken from another worker's queue or another node's shared queue
 * @param numNUMANodes NUMA nodes in the scheduler's topology
 * @param numaAware whether workers and queues are split by NUMA node
 * @param nodes per placement node; one entry covering all workers when not NUMA-aware
 */
public record SchedulerStats(
        Mode mode,
        String fallbackReason,
        int totalWorkers,
        int spareWorkers,
        long submittedFibers,
        long activeFibers,
        long completedFibers,
        long failedFibers,
        Map<Fiber.Priority, Integer> queued,
        long steals,
        int numNUMANodes,
        boolean numaAware,
        List<NodeStats> nodes) {

    /** How fibers are run. */
    public enum Mode {
        /** Each fiber runs on a virtual thread scheduled by the workers; parking frees the worker. */
        FIBERS,
        /** JDK internals were not accessible: tasks run to completion on worker threads. */
        RUN_TO_COMPLETION
    }

    /**
     * Figures of one placement node.
     *
     * @param id the NUMA node id (0 when the scheduler is not NUMA-aware)
     * @param workers workers placed on this node, spares included
     * @param fibersRun fibers started by this node's workers
     * @param localSteals fibers this node's workers took from other workers of the same node
     * @param remoteSteals fibers this node's workers took from other nodes
     * @param queued entries in this node's shared queues and its workers' queues
     */
    public record NodeStats(int id, int workers, long fibersRun, long localSteals, long remoteSteals, int queued) {
    }

    public SchedulerStats {
        queued = Collections.unmodifiableMap(new EnumMap<>(queued));
        nodes = List.copyOf(nodes);
    }

    /** Entries in run queues over all levels. */
    public int queuedTotal() {
        return queued.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Why fibers run to completion, empty when they run as virtual threads. */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallbackReason);
    }
}
