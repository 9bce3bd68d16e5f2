package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Counts accepted and completed fibers and lets threads wait for the moment when every accepted
 * fiber has completed ({@link LightweightScheduler#waitAll()}). A fiber is counted as accepted
 * before it can run, and completions are read before acceptances, so "quiescent" is never seen
 * while a counted fiber is unfinished.
 *
 * <p>Where a fiber is counted (issue 18's seventh round): a fiber started from outside, and a
 * completion that is not a run (a cancellation), in the shared counts; a fiber started by a
 * fiber, and a fiber's run, in the {@link Tally} of the worker carrying the code, which only that
 * worker's thread writes, with a plain release store and no atomic. Before, a task that started a
 * million children paid a contended atomic add per child, and every worker another per
 * completion plus, while {@code waitAll} waited, a read of the producers' line: about a sixth of an
 * internal-spawn profile. Sums read the workers' tallies: completions first, then the list of
 * workers again and the starts, so a start that happened before a completion seen in the sum is
 * seen too (its worker, a spare added later, is in the second list).
 *
 * <p>Since a run's completion no longer passes through a shared word, the completer cannot check
 * for quiescence on every completion cheaply; a worker checks when it runs out of work
 * ({@link LightweightScheduler#ranDry}), after a full fence that orders its tally before its
 * reads: of two workers finishing their last fibers at once, at least one sees the other's count
 * (and the waiter, which publishes itself before it reads the counts, or the worker sees the other).
 */
final class Quiescence {
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    /**
     * Outside producers add to one count and cancellations to the other: slots 128 bytes apart
     * (and away from the array header) keep them on separate cache lines.
     */
    private static final int SUBMITTED = 16;
    private static final int COMPLETED = 32;
    private final long[] counts = new long[48];
    private final AtomicReference<WaitNode> waiters = new AtomicReference<>();
    private final Supplier<List<Worker>> workers;

    /** Counts kept by the workers listed by {@code workers} (every worker and spare ever started). */
    Quiescence(Supplier<List<Worker>> workers) {
        this.workers = workers;
    }

    /**
     * A worker's counts of the fibers its fibers started and of the fibers it ran to their end.
     * Only the worker's own thread (or a fiber mounted on it, one at a time) calls the writers.
     */
    static final class Tally {
        private static final VarHandle STARTED;
        private static final VarHandle RAN;

        static {
            try {
                var lookup = MethodHandles.lookup();
                STARTED = lookup.findVarHandle(Tally.class, "started", long.class);
                RAN = lookup.findVarHandle(Tally.class, "ran", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        // Padding keeps the counts off the lines of objects that other threads write.
        @SuppressWarnings("unused")
        private long p01, p02, p03, p04, p05, p06, p07;
        @SuppressWarnings("unused") // accessed through STARTED
        private long started;
        @SuppressWarnings("unused") // accessed through RAN
        private long ran;
        @SuppressWarnings("unused")
        private long p11, p12, p13, p14, p15, p16, p17;

        void started(int delta) {
            STARTED.setRelease(this, (long) STARTED.getOpaque(this) + delta);
        }

        void countRun() {
            RAN.setRelease(this, (long) RAN.getOpaque(this) + 1);
        }

        long started() {
            return (long) STARTED.getAcquire(this);
        }

        long runs() {
            return (long) RAN.getAcquire(this);
        }
    }

    /** Counts a fiber from outside about to be accepted (undone by {@link #refused()} if it is then rejected). */
    void accepted() {
        COUNTS.getAndAdd(counts, SUBMITTED, 1L);
    }

    void refused() {
        COUNTS.getAndAdd(counts, SUBMITTED, -1L);
    }

    /** A fiber completed without running (cancelled while queued). */
    void completedOne() {
        COUNTS.getAndAdd(counts, COMPLETED, 1L);
    }

    /** Fibers accepted so far: from outside and started by fibers. */
    long submitted() {
        long n = (long) COUNTS.getVolatile(counts, SUBMITTED);
        for (var w : workers.get()) {
            n += w.tally.started();
        }
        return n;
    }

    /** Fibers completed so far: cancelled while queued and run to their end. */
    long completed() {
        long n = (long) COUNTS.getVolatile(counts, COMPLETED);
        for (var w : workers.get()) {
            n += w.tally.runs();
        }
        return n;
    }

    boolean quiescent() {
        long done = completed(); // completions first: a fiber counted here was counted as submitted before
        return done == submitted();
    }

    /**
     * Whether a thread waits for quiescence. A worker that ran dry fences after its last count and
     * then reads this; a waiter pushes itself first and then reads the counts: either the worker
     * sees the waiter or the waiter sees the completion, so workers may skip
     * {@link #signalIfQuiescent} (and its reads of every count) while nobody waits.
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
