package dev.tocin.runtime;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Spare workers for fibers inside {@link Fiber#blocking}: while {@code blocked} fibers hold their
 * workers, up to that many spares (capped) serve the queues; a spare that is no longer needed
 * retires at its next scheduling point and is reused later. Counts change by CAS only.
 */
final class SpareWorkers {
    private final LightweightScheduler scheduler;
    private final int max;
    private final AtomicInteger blocked = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicReference<Worker[]> all = new AtomicReference<>(new Worker[0]);

    SpareWorkers(LightweightScheduler scheduler, int max) {
        this.scheduler = scheduler;
        this.max = max;
    }

    /** Calls {@code task}, which blocks worker {@code w}'s thread, while a spare serves the queues ({@code Fiber.blocking}). */
    <V> V callBlocking(Worker w, Callable<V> task) throws Exception {
        beginBlocking(w);
        try {
            return task.call();
        } finally {
            endBlocking();
        }
    }

    /** {@link #callBlocking} for a task without a result. */
    void runBlocking(Worker w, Runnable task) {
        beginBlocking(w);
        try {
            task.run();
        } finally {
            endBlocking();
        }
    }

    /** A fiber is about to block its worker: make sure a spare keeps the queues moving. */
    private void beginBlocking(Worker w) {
        int needed = blocked.incrementAndGet();
        while (true) {
            int now = active.get();
            if (now >= needed || now >= max || scheduler.terminating()) {
                return;
            }
            if (active.compareAndSet(now, now + 1)) {
                activate(w.node);
            }
        }
    }

    private void endBlocking() {
        blocked.decrementAndGet();
        if (shouldRetire()) {
            for (var spare : all.get()) {
                spare.tryWake(); // an idle spare retires at once instead of at its next wake-up
            }
        }
    }

    private void activate(PlacementNode node) {
        for (var s : all.get()) {
            if (s.node == node && s.tryReactivate()) {
                return;
            }
        }
        var spare = scheduler.newSpare(all.get().length, node);
        all.updateAndGet(current -> {
            var next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = spare;
            return next;
        });
        spare.start();
    }

    boolean shouldRetire() {
        return active.get() > blocked.get();
    }

    /** Called by a spare at a scheduling point: true if it should retire now (and it was counted out). */
    boolean retire() {
        while (true) {
            int now = active.get();
            if (now <= blocked.get()) {
                return false;
            }
            if (active.compareAndSet(now, now - 1)) {
                return true;
            }
        }
    }

    int active() {
        return active.get();
    }

    Worker[] all() {
        return all.get();
    }
}
