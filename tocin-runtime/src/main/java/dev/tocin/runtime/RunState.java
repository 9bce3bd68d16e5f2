package dev.tocin.runtime;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduler's life cycle, {@code NEW -> STARTED -> SHUTDOWN -> STOP -> TERMINATED} (states only
 * move forward), and who may start fibers in each: everyone until {@code stop()}, then only the
 * scheduler's own fibers, and nobody after {@code shutdownNow()}.
 */
final class RunState {
    static final int NEW = 0;
    static final int STARTED = 1;
    static final int SHUTDOWN = 2;
    static final int STOP = 3;
    static final int TERMINATED = 4;

    private final AtomicInteger state = new AtomicInteger(NEW);

    int get() {
        return state.get();
    }

    /** NEW to STARTED; false if it had started; throws if it was stopped. */
    boolean start(String name) {
        if (state.compareAndSet(NEW, STARTED)) {
            return true;
        }
        if (state.get() >= SHUTDOWN) {
            throw new IllegalStateException("scheduler " + name + " was stopped and cannot be started again; create a new one");
        }
        return false;
    }

    /** Moves to SHUTDOWN; returns the state it left, or -1 if it was already shut down. */
    int shutdown() {
        while (true) {
            int s = state.get();
            if (s >= SHUTDOWN) {
                return -1;
            }
            if (state.compareAndSet(s, SHUTDOWN)) {
                return s;
            }
        }
    }

    void stopNow() {
        state.getAndUpdate(s -> Math.max(s, STOP));
    }

    /** True the first time only. */
    boolean terminate() {
        return state.getAndSet(TERMINATED) != TERMINATED;
    }

    /**
     * Throws if a fiber may not be started now. The caller counted the fiber before reading the state,
     * so a concurrent {@code stop()} either sees the fiber or the fiber sees the stop.
     */
    void checkAdmission(String name, boolean fromOwnFiber) {
        int s = state.get();
        if (s >= STOP || (s == SHUTDOWN && !fromOwnFiber)) {
            throw new RejectedExecutionException("scheduler " + name + " is "
                    + (s >= STOP ? "shut down (shutdownNow)" : "stopping (stop/shutdown was called)")
                    + " and accepts no new fibers" + (s == SHUTDOWN ? " from outside its own fibers" : ""));
        }
    }
}
