package dev.tocin.runtime;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scheduler's view of one NUMA node: its workers, its shared injection queues (fed by threads
 * outside the scheduler, resumes and priority changes, served first by its own workers and
 * stealable by other nodes) and its bound queues (fibers placed with {@code goOnNode}, served only
 * by its own workers). Without NUMA awareness there is one such node holding every worker.
 */
final class PlacementNode {
    final LightweightScheduler scheduler;
    final int id;
    final int index;
    final BitSet cpus;
    final LevelQueues inject = LevelQueues.shared();
    final LevelQueues bound = LevelQueues.shared();
    private final AtomicReference<Worker[]> workers = new AtomicReference<>(new Worker[0]);
    /**
     * Set before the first bound entry is queued and never cleared: until then a worker's take
     * skips the five bound queues (most schedulers never use {@code goOnNode}). A worker that reads
     * it before going idle is ordered by the wake protocol like any queue entry.
     */
    private volatile boolean boundUsed;
    /** The other nodes, nearest first. */
    PlacementNode[] byDistance = new PlacementNode[0];

    PlacementNode(LightweightScheduler scheduler, int id, int index, BitSet cpus) {
        this.scheduler = scheduler;
        this.id = id;
        this.index = index;
        this.cpus = cpus;
    }

    /** Queues a {@code goOnNode} fiber's entry. */
    void offerBound(Fiber<?> f, int level) {
        if (!boundUsed) {
            boundUsed = true;
        }
        bound.offer(level, f);
    }

    boolean boundUsed() {
        return boundUsed;
    }

    Worker[] workers() {
        return workers.get();
    }

    void add(Worker worker) {
        workers.updateAndGet(current -> {
            var next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = worker;
            return next;
        });
    }

    void remove(Worker worker) {
        workers.updateAndGet(current -> Arrays.stream(current).filter(w -> w != worker).toArray(Worker[]::new));
    }

    /** Empties the shared and bound queues of a terminating scheduler, where every entry is stale. */
    void dropStale() {
        for (var queues : new LevelQueues[] {inject, bound}) {
            for (int level = 0; level < LightweightScheduler.LEVELS; level++) {
                while (queues.poll(level) != null) {
                    // stale: its fiber has finished
                }
            }
        }
    }

    /** Entries in this node's shared and bound queues (not its workers' own). */
    int sharedQueued() {
        return inject.size() + bound.size();
    }

    @Override
    public String toString() {
        return "node " + id;
    }
}
