package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A task started by a {@link LightweightScheduler}: a handle to its priority and its outcome.
 *
 * <p>A fiber runs on a virtual thread scheduled by the scheduler's workers, so blocking calls
 * that park (locks, {@code CompletableFuture.join}, sleeps, sockets) free the worker. Its
 * {@linkplain #priority() priority} may change at any time; the new value takes effect the next
 * time the fiber is queued. {@link #join()} waits for the outcome; the fiber is also a
 * {@link Future}.
 *
 * @param <T> the result type
 */
public final class Fiber<T> implements Future<T> {

    /** The five scheduling levels, most urgent first. */
    public enum Priority {
        CRITICAL(0), HIGH(1), NORMAL(2), LOW(3), BACKGROUND(4);

        private static final Priority[] BY_VALUE = values();
        private final int value;

        Priority(int value) {
            this.value = value;
        }

        /** The level number: 0 for CRITICAL up to 4 for BACKGROUND. */
        public int value() {
            return value;
        }

        /**
         * The priority with the given level number.
         *
         * @throws IllegalArgumentException if {@code value} is not 0..4
         */
        public static Priority of(int value) {
            if (value < 0 || value >= BY_VALUE.length) {
                throw new IllegalArgumentException("no fiber priority with value " + value
                        + "; valid values are 0 (CRITICAL), 1 (HIGH), 2 (NORMAL), 3 (LOW), 4 (BACKGROUND)");
            }
            return BY_VALUE[value];
        }

        /** One level more urgent, or this priority if it is already CRITICAL. */
        Priority higher() {
            return value == 0 ? this : BY_VALUE[value - 1];
        }
    }

    // Life cycle. QUEUED and READY fibers sit in a run queue (possibly in several entries after a
    // priority change); whoever moves them to RUNNING with a CAS owns that run, other entries are stale.
    static final int QUEUED = 0;   // never started
    static final int RUNNING = 1;  // started: mounted, or parked (its runner stays with it, no queue entry)
    static final int READY = 3;    // unparked: queued to resume
    // Cancelled before it started, or cancelled while it ran and its run has ended. A fiber whose run
    // completed its outcome stays RUNNING: the outcome says it is done, and its runner's end needs
    // no second CAS (docs/scheduler.md, "Eleventh round").
    static final int DONE = 4;

    private static final Object NULL_RESULT = new Object();
    private static final VarHandle STATE;
    private static final VarHandle OUTCOME;
    private static final VarHandle WORK;

    static {
        try {
            var lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Fiber.class, "word", int.class);
            OUTCOME = lookup.findVarHandle(Fiber.class, "outcome", Object.class);
            WORK = lookup.findVarHandle(Fiber.class, "work", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The word: state in bits 0-2, priority in bits 3-5, "started by execute()" (nobody holds this
    // handle) in bit 6, the threads about to interrupt its runner (see interruptRun) in bits 7-10,
    // goOnNode's node plus one (0: none) from bit 11. One int instead of a state,
    // a priority and the placement bits saved 8 bytes (docs/scheduler.md, "Sixth round"), the int
    // queuedAt and one field for the outcome and its waiters another 8 ("Eighth round"), one field
    // for the task and the runner and one for the scheduler and the home node 8 more ("Eleventh
    // round"): a fiber is 32 bytes, 64 before issue 18, and one is allocated per spawn and lives
    // under every parked fiber. Only the state, the priority and the interrupters change, each by an
    // atomic update that keeps the other bits.
    private static final int STATE_MASK = 0b111;
    private static final int LEVEL_SHIFT = 3;
    private static final int LEVEL_MASK = 0b111 << LEVEL_SHIFT;
    private static final int DETACHED = 1 << 6;
    private static final int INTERRUPTER = 1 << 7;
    private static final int INTERRUPTERS = 0b1111 << 7;
    private static final int NODE_SHIFT = 11;
    /**
     * Its scheduler until it is first placed, then the node whose queues it was placed on (which
     * knows the scheduler). Written on the placing thread before anyone else can change its priority;
     * either value gives the scheduler.
     */
    private Object place;
    /** When it was last queued, as the aging clock's {@link Ticker} stamp. */
    int queuedAt;
    /**
     * Its task (a Runnable or a Callable) until a runner starts it, then that runner, which stays
     * with it while it is parked; null if it was cancelled before it started. Volatile for
     * {@link #cancel}, which reads it from other threads; {@link #start} writes it with release.
     */
    @SuppressWarnings("unused") // accessed through WORK
    private volatile Object work;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int word;
    /**
     * Until done: null, or the stack of threads waiting for it (a {@link Waiter}, which no task can
     * return). Then NULL_RESULT, the value, a Failure or a Cancelled. One field for both keeps a
     * fiber small (docs/scheduler.md, "Eighth round").
     */
    private volatile Object outcome;

    Fiber(Object task, Priority priority, LightweightScheduler scheduler, int boundNode, boolean detached) {
        // Plain writes, not volatile ones (a full fence each): the queue that publishes the fiber releases them.
        WORK.set(this, Objects.requireNonNull(task, "task"));
        place = scheduler;
        STATE.set(this, QUEUED | (priority.value() << LEVEL_SHIFT) | (detached ? DETACHED : 0) | ((boundNode + 1) << NODE_SHIFT));
    }

    /**
     * A queue entry that only carries runner {@code r}, suspended between two tasks, back to a
     * worker ({@link Runner#betweenTasksEntry}): it holds the runner from the start, as a started
     * fiber does, so it is resumed and never run.
     */
    static Fiber<?> carrying(Runner r, LightweightScheduler scheduler, PlacementNode home) {
        var entry = new Fiber<>(r, Priority.CRITICAL, scheduler, -1, false);
        entry.settle(home);
        return entry;
    }

    /** The node whose queues it was first placed on, or null before that. */
    PlacementNode home() {
        return place instanceof PlacementNode n ? n : null;
    }

    /** Records the node of its first placement (later placements keep it). */
    void settle(PlacementNode node) {
        if (!(place instanceof PlacementNode)) {
            place = node;
        }
    }

    private LightweightScheduler scheduler() {
        return place instanceof PlacementNode n ? n.scheduler : (LightweightScheduler) place;
    }

    /** The runner that started it (and stays with it while it is parked), or null if none has. */
    Runner runner() {
        return WORK.getVolatile(this) instanceof Runner r ? r : null;
    }

    private int word() {
        return (int) STATE.getVolatile(this);
    }

    /** goOnNode's node, or -1. */
    int boundNode() {
        return (word() >>> NODE_SHIFT) - 1;
    }

    /** Started by execute(): nobody holds this handle. */
    boolean detached() {
        return (word() & DETACHED) != 0;
    }

    /**
     * Runs {@code task}, which blocks its thread in a way that does not free the worker (file I/O,
     * a native call, a lock held by a platform thread that parks in native code). While it runs, a
     * spare worker serves the queues in its place. Outside a fiber it just runs the task.
     */
    public static <V> V blocking(Callable<V> task) throws Exception {
        var w = Worker.current();
        return w == null ? task.call() : w.scheduler.spares.callBlocking(w, task);
    }

    /** Like {@link #blocking(Callable)} for a task without a result. */
    public static void blocking(Runnable task) {
        var w = Worker.current();
        if (w == null) {
            task.run();
        } else {
            w.scheduler.spares.runBlocking(w, task);
        }
    }

    /**
     * The priority of the fiber running the calling code, or {@link Priority#NORMAL} outside any
     * fiber.
     */
    public static Priority currentPriority() {
        return priorityIn(Runner.current());
    }

    /** The priority of the fiber that runner {@code r} (may be null) runs, {@link Priority#NORMAL} if none. */
    static Priority priorityIn(Runner r) {
        var f = r == null ? null : r.fiber();
        return f == null ? Priority.NORMAL : f.priority();
    }

    /** The fiber running the calling code, empty outside any fiber. */
    public static Optional<Fiber<?>> current() {
        return Optional.ofNullable(Runner.currentFiber());
    }

    /** This fiber's current priority. */
    public Priority priority() {
        return Priority.of(level());
    }

    /**
     * Changes this fiber's priority. A queued fiber is served at the new level from now on; a
     * running fiber keeps its worker and is queued at the new level the next time it parks or
     * yields. Fibers it starts from now on inherit the new level.
     */
    public void setPriority(Priority newPriority) {
        Objects.requireNonNull(newPriority, "newPriority");
        if (changeLevel(newPriority.value())) {
            scheduler().placement.requeue(this);
        }
    }

    /** Sets the priority bits, keeping the state; false if the level was already {@code level}. */
    boolean changeLevel(int level) {
        while (true) {
            int w = word();
            if ((w & LEVEL_MASK) >>> LEVEL_SHIFT == level) {
                return false;
            }
            if (STATE.compareAndSet(this, w, (w & ~LEVEL_MASK) | (level << LEVEL_SHIFT))) {
                return true;
            }
        }
    }

    int level() {
        return (word() & LEVEL_MASK) >>> LEVEL_SHIFT;
    }

    int stateValue() {
        return word() & STATE_MASK;
    }

    /** Moves the state from {@code expected} to {@code next}; fails only if the state is not {@code expected}. */
    boolean casState(int expected, int next) {
        while (true) {
            int w = word();
            if ((w & STATE_MASK) != expected) {
                return false;
            }
            if (STATE.compareAndSet(this, w, (w & ~STATE_MASK) | next)) {
                return true;
            }
            // only the priority bits changed under us: try again
        }
    }

    void setState(int next) {
        while (true) {
            int w = word();
            if (STATE.compareAndSet(this, w, (w & ~STATE_MASK) | next)) {
                return;
            }
        }
    }

    /**
     * Runner {@code r} starts this claimed fiber: it becomes the fiber's runner and takes its task,
     * or null if the fiber was cancelled before it could start. The runner calls the task and then
     * {@link #completeRun} or {@link #failRun}: the call is in the runner's own frame, so no frame of
     * the fiber sits under a parked task (docs/scheduler.md, "Sixth round"). The runner is written
     * with release, not volatile: a full fence per task ("Eleventh round"). A cancel(true) that
     * finds the fiber claimed waits for this write instead ({@link #awaitRunner}), so it always
     * finds the runner to interrupt, whether or not the read of the outcome here saw it.
     */
    Object start(Runner r) {
        Object task = WORK.get(this);
        WORK.setRelease(this, r);
        return isDone() ? null : task;
    }

    /** The task returned {@code value} (null for a Runnable). */
    void completeRun(Object value) {
        complete(value == null ? NULL_RESULT : value);
    }

    /** The task threw {@code failure}. */
    void failRun(Throwable failure) {
        complete(new Failure(failure));
    }

    /** The task (a Runnable or a Callable) of a fiber that never started, for {@code shutdownNow}. */
    Object unstartedTask() {
        return WORK.getVolatile(this);
    }

    private boolean complete(Object result) {
        Object o = null; // most fibers are never joined: try the one CAS that completes them first
        while (!OUTCOME.compareAndSet(this, o, result)) {
            o = outcome;
            if (isOutcome(o)) {
                return false;
            }
        }
        for (var w = (Waiter) o; w != null; w = w.next) {
            LockSupport.unpark(w.thread);
        }
        return true;
    }

    /**
     * Waits for this fiber and returns its result.
     *
     * @throws CompletionException with the task's exception as cause if it failed
     * @throws CancellationException if the fiber was cancelled
     */
    public T join() {
        try {
            awaitDone(false, 0L);
        } catch (InterruptedException e) {
            throw new AssertionError("uninterruptible wait was interrupted", e);
        }
        return result();
    }

    /**
     * The result of a finished fiber, without waiting.
     *
     * @throws IllegalStateException if the fiber has not finished yet
     * @throws CompletionException with the task's exception as cause if it failed
     * @throws CancellationException if the fiber was cancelled
     */
    @SuppressWarnings("unchecked")
    public T result() {
        Object o = outcome;
        if (!isOutcome(o)) {
            throw new IllegalStateException("fiber has not finished yet (" + describe() + "); join() it first");
        }
        return switch (o) {
            case Failure f -> throw new CompletionException(f.cause());
            case Cancelled c -> throw new CancellationException("fiber was cancelled");
            case Object v when v == NULL_RESULT -> null;
            case Object v -> (T) v;
        };
    }

    /** RUNNING until the fiber finishes (queued and waiting fibers count as running). */
    @Override
    public Future.State state() {
        return switch (outcome) {
            case null -> Future.State.RUNNING;
            case Waiter w -> Future.State.RUNNING;
            case Failure f -> Future.State.FAILED;
            case Cancelled c -> Future.State.CANCELLED;
            default -> Future.State.SUCCESS;
        };
    }

    @Override
    public boolean isDone() {
        return isOutcome(outcome);
    }

    /** Whether a value of the outcome field is the outcome, not null or the waiters of a pending fiber. */
    private static boolean isOutcome(Object o) {
        return o != null && !(o instanceof Waiter);
    }

    @Override
    public boolean isCancelled() {
        return outcome instanceof Cancelled;
    }

    /**
     * Cancels a fiber that has not started yet; a started fiber runs to its end (its result is
     * then discarded) and is interrupted if {@code mayInterruptIfRunning}.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (mayInterruptIfRunning) {
            enterInterrupter(); // before the outcome: a runner that finds it Cancelled waits for us (endRun)
        }
        try {
            if (!complete(new Cancelled())) {
                return false;
            }
            if (casState(QUEUED, DONE)) {
                work = null;
                scheduler().cancelledBeforeStart(this); // its queue entries are stale now: nobody else counts it
            } else if (mayInterruptIfRunning) {
                var r = awaitRunner();
                if (r != null) {
                    r.thread.interrupt();
                }
            }
            return true;
        } finally {
            if (mayInterruptIfRunning) {
                leaveInterrupter();
            }
        }
    }

    /**
     * Interrupts runner {@code r}, which was seen running this fiber, unless the fiber's run has
     * ended (shutdownNow). Counted in first, then the end is read; the runner ends (its completion
     * of the outcome, or DONE after a cancel) and then waits for the interrupters counted in
     * ({@link #endRun}): either we see the end or the runner waits for us, so no interrupt reaches
     * its next fiber.
     */
    void interruptRun(Runner r) {
        enterInterrupter();
        try {
            Object o = outcome;
            boolean ended = isOutcome(o) && !(o instanceof Cancelled) || stateValue() == DONE;
            if (!ended) {
                r.thread.interrupt();
            }
        } finally {
            leaveInterrupter();
        }
    }

    /**
     * Its runner is done with it: the run's end is its completion of the outcome or, when a cancel
     * completed it first, DONE written here. Then waits until the interrupters counted in before
     * that end have interrupted and left, so the runner can clear its interrupt for good. Before
     * issue 18's eleventh round every run ended with a CAS to DONE; now only cancelled ones do.
     */
    void endRun() {
        if (outcome instanceof Cancelled) {
            setState(DONE);
        }
        while ((word() & INTERRUPTERS) != 0) {
            Thread.onSpinWait(); // a cancel(true) or shutdownNow is interrupting this fiber's runner
        }
    }

    private void enterInterrupter() {
        while (true) {
            int w = word();
            if ((w & INTERRUPTERS) == INTERRUPTERS) {
                Thread.onSpinWait(); // fifteen at once: wait for one to leave rather than overflow into the node bits
            } else if (STATE.compareAndSet(this, w, w + INTERRUPTER)) {
                return;
            }
        }
    }

    private void leaveInterrupter() {
        STATE.getAndAdd(this, -INTERRUPTER);
    }

    /**
     * The runner of a fiber that a worker has claimed, or null if the fiber ended meanwhile. The
     * claiming worker writes the runner in {@link #start} right after its claim, without a fence:
     * a cancel that comes in between waits for that write, which the worker makes next without
     * waiting for anything (its owner; there is no other deadline).
     */
    private Runner awaitRunner() {
        for (int spins = 0; ; spins++) {
            if (WORK.getAcquire(this) instanceof Runner r) {
                return r;
            }
            if (stateValue() == DONE) {
                return null;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** For shutdownNow: the caller moved it from QUEUED to DONE and counts it. */
    void cancelUnstarted() {
        complete(new Cancelled());
        work = null;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitDone(true, 0L);
        return reportForGet();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!awaitDone(true, unit.toNanos(timeout))) {
            throw new TimeoutException("fiber did not finish within " + timeout + " " + unit.name().toLowerCase());
        }
        return reportForGet();
    }

    private T reportForGet() throws ExecutionException {
        if (outcome instanceof Failure f) {
            throw new ExecutionException(f.cause());
        }
        return result();
    }

    /** Waits until done; with a positive timeout, returns false if it passed first. */
    private boolean awaitDone(boolean interruptible, long timeoutNanos) throws InterruptedException {
        if (isDone()) {
            return true;
        }
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0L;
        var me = new Waiter(Thread.currentThread());
        while (true) {
            Object o = outcome;
            if (isOutcome(o)) {
                return true;
            }
            me.next = (Waiter) o;
            if (OUTCOME.compareAndSet(this, o, me)) {
                break;
            }
        }
        boolean interrupted = false;
        try {
            while (!isDone()) {
                if (deadline != 0L) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException("interrupted while waiting for a fiber");
                    }
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

    String describe() {
        return "priority " + priority() + ", state " + (isDone() ? "done" : switch (stateValue()) {
            case QUEUED -> "queued";
            case RUNNING -> "running";
            case READY -> "ready";
            default -> "done";
        });
    }

    @Override
    public String toString() {
        return "Fiber[" + describe() + "]";
    }

    private record Failure(Throwable cause) {
    }

    private static final class Cancelled {
    }

    private static final class Waiter {
        final Thread thread;
        Waiter next;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }
}
