package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts accepted and completed fibers and lets threads wait for the moment when every accepted
 * fiber has completed ({@link LightweightScheduler#waitAll()}). A fiber is counted as accepted
 * before it can run, and completions are read before acceptances, so "quiescent" is never seen
 * while a counted fiber is unfinished.
 */
final class Quiescence {
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    /**
     * Producers add to one count and every worker to the other, once per fiber each: slots 128
     * bytes apart (and away from the array header) keep them on separate cache lines.
     */
    private static final int SUBMITTED = 16;
    private static final int COMPLETED = 32;
    private final long[] counts = new long[48];
    private final AtomicReference<WaitNode> waiters = new AtomicReference<>();

    /** Counts a fiber about to be accepted (undone by {@link #refused()} if it is then rejected). */
    void accepted() {
        COUNTS.getAndAdd(counts, SUBMITTED, 1L);
    }

    void refused() {
        COUNTS.getAndAdd(counts, SUBMITTED, -1L);
    }

    void completedOne() {
        COUNTS.getAndAdd(counts, COMPLETED, 1L);
    }

    long submitted() {
        return (long) COUNTS.getVolatile(counts, SUBMITTED);
    }

    long completed() {
        return (long) COUNTS.getVolatile(counts, COMPLETED);
    }

    boolean quiescent() {
        long done = completed(); // completions first: a fiber counted here was counted as submitted before
        return done == submitted();
    }

    /**
     * Whether a thread waits for quiescence. A completer counts first and then reads this; a waiter
     * pushes itself first and then reads the counts: either the completer sees the waiter or the
     * waiter sees the completion, so completers may skip {@link #signalIfQuiescent} (and its read of
     * the producers' count) while nobody waits.
     */
    boolean watched() {
        return waiters.get() != null;
    }

    /** Wakes every waiter if no accepted fiber is unfinished; returns whether that is so. */
    boolean signalIfQuiescent() {
        if (!quiescent()) {
            return false;
        }
        for (var w = waiters.getAndSet(null); w != null; w = w.next) {
            LockSupport.unpark(w.thread);
        }
        return true;
    }

    /**
     * Waits until quiescent, or {@code timeout} (null: no deadline); keeps the interrupt status.
     * A waiter pushes itself and re-checks before parking: whoever completes the last fiber either
     * sees it in the stack or it sees the count.
     */
    boolean await(Duration timeout, Object blocker) {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (!quiescent()) {
                var node = new WaitNode(Thread.currentThread());
                WaitNode head;
                do {
                    head = waiters.get();
                    node.next = head;
                } while (!waiters.compareAndSet(head, node));
                if (quiescent()) {
                    return true;
                }
                if (timeout == null) {
                    LockSupport.park(blocker);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(blocker, left);
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class WaitNode {
        final Thread thread;
        WaitNode next;

        WaitNode(Thread thread) {
            this.thread = thread;
        }
    }
}
