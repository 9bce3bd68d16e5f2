package dev.tocin.runtime;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer side of the idle/wake protocol. A worker with nothing to do announces itself
 * ({@code Worker.idle}: its parked flag, then {@link #changed(int)}), re-checks every queue it
 * serves, and only then parks. A producer queues its entry, issues a full fence, and wakes an
 * announced worker if {@link #count()} is non-zero. Either the producer sees the announcement or
 * the worker's re-check sees the entry: no wake-up is lost. Waking is a CAS on the worker's parked
 * flag, so exactly one producer owns each wake-up.
 */
final class IdleWorkers {
    private final AtomicInteger idle = new AtomicInteger();

    void changed(int delta) {
        idle.addAndGet(delta);
    }

    int count() {
        return idle.get();
    }

    /**
     * After queueing an entry: wakes one idle worker, preferring {@code preferred}'s, if any is
     * idle; returns whether it woke one.
     */
    boolean signal(PlacementNode preferred, PlacementNode[] nodes) {
        // Queues publish with release stores; without a full fence the read of the idle count could
        // happen before the entry is visible, while a worker going idle misses the entry: lost wake-up.
        VarHandle.fullFence();
        return wake(preferred, nodes);
    }

    /**
     * {@link #signal} for a producer that has already issued the full fence after publishing its
     * entry ({@link LevelQueues#offer} ends with one), so a submission pays for one fence, not two.
     */
    boolean wake(PlacementNode preferred, PlacementNode[] nodes) {
        if (idle.get() == 0) {
            return false;
        }
        for (var w : preferred.workers()) {
            if (w.tryWake()) {
                return true;
            }
        }
        for (var n : nodes) {
            if (n != preferred) {
                for (var w : n.workers()) {
                    if (w.tryWake()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
