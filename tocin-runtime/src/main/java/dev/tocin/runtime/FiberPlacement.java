package dev.tocin.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides, in one place, which queue a fiber's next entry goes to: when it is started, when it is
 * resumed after parking and when its priority changes while it waits. Before the scheduler starts,
 * entries wait in {@code pending} and are placed when it does.
 */
final class FiberPlacement {
    private final LightweightScheduler scheduler;
    private final TaskQueue[] pending = new TaskQueue[LightweightScheduler.LEVELS];

    FiberPlacement(LightweightScheduler scheduler) {
        this.scheduler = scheduler;
        for (int i = 0; i < pending.length; i++) {
            pending[i] = new LinkedQueue();
        }
    }

    /**
     * Queues {@code f} at its current level and wakes a worker for it:
     * <ol>
     *   <li>a {@code goOnNode} fiber (with NUMA awareness) on its node's bound queue, always;</li>
     *   <li>otherwise on the own queue of {@code local}, the worker carrying the calling code (work a
     *       fiber creates or wakes stays where its data is); that queue grows, so this always
     *       succeeds, and it is appended to only here, on that worker's thread
     *       ({@link LevelQueues#owned}): {@code local} must be {@code Worker.current()};</li>
     *   <li>otherwise on the shared queue of {@code fallback} (a resumed fiber's last node, a
     *       requeued fiber's home), or of the least-loaded node.</li>
     * </ol>
     * A fiber's home is the node of its first entry; it never changes.
     */
    void enqueue(Fiber<?> f, Worker local, PlacementNode fallback) {
        f.queuedAt = scheduler.stamp();
        int level = f.level();
        var nodes = scheduler.nodes();
        if (nodes.length == 0) {
            pending[level].offer(f);
            if (scheduler.nodes().length != 0) {
                drainPending(); // start() may have drained before our offer landed
            }
            return;
        }
        PlacementNode target;
        if (f.boundNode() >= 0 && scheduler.numaAware()) {
            var home = f.home();
            target = home != null ? home : WorkerLayout.nodeById(nodes, f.boundNode());
            target.offerBound(f, level);
        } else if (local != null && local.local.offer(level, f)) {
            target = local.node;
        } else {
            target = fallback != null ? fallback : local != null ? local.node : leastLoaded(nodes);
            target.inject.offer(level, f);
        }
        f.settle(target);
        scheduler.idle.wake(target, nodes); // LevelQueues.offer issued the protocol's full fence
    }

    /** Queues a parked fiber whose runner was unparked, at the fiber's current priority. */
    void resume(Runner runner) {
        var f = runner.fiber();
        if (f == null) {
            f = runner.betweenTasksEntry(); // suspended in our own code between two tasks: it must still run
        }
        f.setState(Fiber.READY);
        var w = Worker.current();
        var last = runner.worker;
        enqueue(f, w != null && w.scheduler == scheduler ? w : null, last != null ? last.node : homeOf(f));
    }

    /** A priority change: queue the fiber again at its new level; the old entry goes stale. */
    void requeue(Fiber<?> f) {
        int s = f.stateValue();
        if (s == Fiber.QUEUED || s == Fiber.READY) {
            enqueue(f, null, homeOf(f));
            if (scheduler.terminating()) {
                // f finished between the check and the enqueue, as the last fiber of a shut-down
                // scheduler: its workers may have left already (a worker that sees terminating takes
                // once more, so one of us drops the entry). Nothing unfinished is left, so every
                // entry in a node's queues is stale.
                for (var n : scheduler.nodes()) {
                    n.dropStale();
                }
            }
        }
    }

    /** Places the fibers started before {@code start()}. */
    void drainPending() {
        for (int level = 0; level < pending.length; level++) {
            Fiber<?> f;
            while ((f = pending[level].poll()) != null) {
                enqueue(f, null, null);
            }
        }
    }

    /**
     * For {@code shutdownNow()}: empties {@code queues}, cancels every fiber that never started
     * (calling {@code onCancelled} for each) and queues the parked-and-woken ones again, since they
     * must resume to see their interrupt and end.
     *
     * @return the tasks of the cancelled fibers
     */
    List<Runnable> cancelNeverStarted(List<TaskQueue> queues, Runnable onCancelled) {
        var neverRan = new ArrayList<Runnable>();
        var resumable = new ArrayList<Fiber<?>>();
        for (var q : queues) {
            Fiber<?> f;
            while ((f = q.poll()) != null) {
                if (f.casState(Fiber.QUEUED, Fiber.DONE)) {
                    neverRan.add(asRunnable(f.unstartedTask()));
                    f.cancelUnstarted();
                    onCancelled.run();
                } else if (f.stateValue() == Fiber.READY) {
                    resumable.add(f);
                }
            }
        }
        for (var f : resumable) {
            enqueue(f, null, homeOf(f));
        }
        return neverRan;
    }

    private static Runnable asRunnable(Object task) {
        return switch (task) {
            case Runnable r -> r;
            case Callable<?> c -> () -> {
                try {
                    c.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            };
            default -> () -> { };
        };
    }

    TaskQueue[] pending() {
        return pending;
    }

    /** The node a fiber was first placed on (the first node if it was never placed; null before start). */
    PlacementNode homeOf(Fiber<?> f) {
        var home = f.home();
        if (home != null) {
            return home;
        }
        var nodes = scheduler.nodes();
        return nodes.length > 0 ? nodes[0] : null;
    }

    private static PlacementNode leastLoaded(PlacementNode[] all) {
        if (all.length == 1) {
            return all[0];
        }
        PlacementNode best = null;
        double bestLoad = Double.MAX_VALUE;
        int start = ThreadLocalRandom.current().nextInt(all.length); // spreads ties
        for (int k = 0; k < all.length; k++) {
            var n = all[(start + k) % all.length];
            int size = n.workers().length;
            if (size == 0) {
                continue;
            }
            double load = (double) n.sharedQueued() / size;
            if (load < bestLoad) {
                best = n;
                bestLoad = load;
            }
        }
        return best;
    }
}
