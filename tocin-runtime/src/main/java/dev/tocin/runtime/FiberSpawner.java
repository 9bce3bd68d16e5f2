package dev.tocin.runtime;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * Starting a fiber: finds the caller's runner once (for the inherited priority and for the queue),
 * counts the fiber, checks that it may start, and places it.
 */
final class FiberSpawner {
    private final LightweightScheduler scheduler;
    private final Quiescence quiescence;
    private final RunState runState;
    private final FiberPlacement placement;

    FiberSpawner(LightweightScheduler scheduler, Quiescence quiescence, RunState runState, FiberPlacement placement) {
        this.scheduler = scheduler;
        this.quiescence = quiescence;
        this.runState = runState;
        this.placement = placement;
    }

    /** At {@code priority} (required), on {@code boundNode}'s bound queue if it is not -1. */
    <T> Fiber<T> spawn(Object task, Fiber.Priority priority, int boundNode, boolean detached) {
        Objects.requireNonNull(priority, "priority");
        return spawn(task, priority, Runner.current(), boundNode, detached);
    }

    /** At the caller's priority: the runner is looked up once, for the priority and for the queue. */
    <T> Fiber<T> spawnInheriting(Object task, boolean detached) {
        var r = Runner.current();
        return spawn(task, Fiber.priorityIn(r), r, -1, detached);
    }

    /** {@code r}: the runner carrying the caller, or null. */
    private <T> Fiber<T> spawn(Object task, Fiber.Priority priority, Runner r, int boundNode, boolean detached) {
        Objects.requireNonNull(task, "task");
        var f = new Fiber<T>(task, priority, scheduler, boundNode, detached);
        var w = r != null ? r.worker : Thread.currentThread() instanceof Worker carrier ? carrier : null;
        if (w != null && w.scheduler != scheduler) {
            w = null;
        }
        admit(w);
        placement.enqueue(f, w, null);
        return f;
    }

    /**
     * Counts a fiber about to be queued, then checks that it may start. From outside: a shared
     * atomic count, after which stop() either sees this fiber or we see stop(). From one of our
     * fibers ({@code w} carries it): its worker's tally, a plain store; that fiber is unfinished,
     * so no stop can end the scheduler before it, and its own completion is counted after this.
     */
    private void admit(Worker w) {
        if (w != null) {
            w.tally.started(1);
        } else {
            quiescence.accepted();
        }
        try {
            runState.checkAdmission(scheduler.name(), w != null);
        } catch (RejectedExecutionException e) {
            if (w != null) {
                w.tally.started(-1);
            } else {
                quiescence.refused();
            }
            scheduler.checkQuiescence();
            throw e;
        }
    }
}
