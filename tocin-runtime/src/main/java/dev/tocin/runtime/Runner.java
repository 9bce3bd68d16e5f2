package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Runs fibers' tasks one after another on one thread. In fiber mode that thread is a virtual
 * thread whose scheduler is this runner: the worker that mounts it runs tasks from its queues
 * until the best queued entry is a parked fiber to resume (which needs that fiber's own runner) or
 * there is nothing left. When a task parks, its runner stays with it and the worker mounts
 * another; when it is unparked the JDK hands the continuation to {@link #execute}, which queues the
 * fiber at its current priority. In run-to-completion mode the runner is the worker thread itself.
 *
 * <p>Which runner a thread is comes from the virtual thread's scheduler field (this runner), not
 * from a thread-local or scoped value: thread-locals are reset between tasks, and every frame or
 * binding under a parked task costs memory per parked fiber.
 */
final class Runner implements Executor, Runnable {
    private static final VarHandle FIBER;

    static {
        try {
            var lookup = MethodHandles.lookup();
            FIBER = lookup.findVarHandle(Runner.class, "fiber", Fiber.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    /** The worker whose thread is carrying this runner right now (set before every mount). */
    volatile Worker worker;
    /**
     * The fiber whose task this runner runs (null between tasks). Not volatile: its own thread reads
     * it, a resumer reads it after the JDK's park and unpark (which order it), and an interrupter
     * checks the fiber's end instead ({@link Fiber#interruptRun}); a volatile write at the start and
     * end of every task cost two full fences per fiber (issue 18's seventh round).
     */
    private Fiber<?> fiber;
    /**
     * This runner's virtual thread's continuation, handed to {@link #execute} at its start (the JDK
     * passes the same object every time). Any other continuation handed to {@link #execute} belongs
     * to a virtual thread started inside one of our fibers. Null until then: the first
     * {@link #execute} is the start (no separate "starting" flag, see {@link #slot}).
     */
    volatile Runnable continuation;
    /**
     * This runner's slot in the scheduler's live runners (set by the worker that creates it, before
     * it starts). Holding the slot instead of the scheduler, and keeping no start flag and no
     * cached between-tasks entry, kept a runner at 40 bytes (docs/scheduler.md, "Sixth round");
     * taking its first fiber from the worker and counting interrupters on the fiber keep it at 32
     * ("Eleventh round"): one lives under every parked fiber. The scheduler is
     * {@code worker.scheduler}.
     */
    int slot = -1;

    private Runner(Worker worker, boolean virtual) {
        this.worker = worker;
        this.thread = virtual ? VirtualThreads.unstarted(this, "tocin-fiber", this) : worker; // no lambda: one object less per runner
    }

    /**
     * A runner on a virtual thread of its own; it starts with the fiber its worker hands it
     * ({@link Worker#takeFirstForRunner}): a field for it here would be in every parked fiber's runner.
     */
    static Runner virtual(Worker worker) {
        return new Runner(worker, true);
    }

    /** The run-to-completion runner: the worker thread itself. */
    static Runner inline(Worker worker) {
        return new Runner(worker, false);
    }

    static Runner current() {
        Thread t = Thread.currentThread();
        if (t instanceof Worker w) {
            return w.inline;
        }
        // A virtual thread started inside a fiber has this runner as its scheduler too: not ours.
        return t.isVirtual() && VirtualThreads.schedulerOf(t) instanceof Runner r && r.thread == t ? r : null;
    }

    static Fiber<?> currentFiber() {
        Runner r = current();
        return r == null ? null : r.fiber;
    }

    /** Starts the virtual thread on the calling worker; returns the continuation to run. */
    Runnable start() {
        thread.start();
        Runnable c = continuation;
        if (c == null) {
            throw new IllegalStateException("virtual thread start did not hand its continuation to the scheduler");
        }
        return c;
    }

    /**
     * Called by the JDK whenever a virtual thread whose scheduler is this runner can run: this
     * runner's own thread at start, after unpark and after yield; and any virtual thread started
     * inside one of its fibers, because the JDK gives a child virtual thread its parent's scheduler.
     * Those foreign threads go to the JDK's own scheduler (docs/scheduler.md, "Virtual threads
     * started inside fibers").
     */
    @Override
    public void execute(Runnable continuation) {
        if (this.continuation == null) {
            // The start: start() runs on the worker, which runs the continuation right after. No
            // other continuation can come first (a foreign one needs a fiber of ours to run).
            this.continuation = continuation;
            return;
        }
        if (continuation != this.continuation) {
            VirtualThreads.jdkScheduler().execute(continuation);
            return;
        }
        worker.scheduler.placement.resume(this);
    }

    /**
     * The runner's body: runs the fiber its worker hands it, then never-started fibers from the
     * worker it is on (in run-to-completion mode: that fiber only, on the worker thread, called by
     * the worker for each fiber). The task is called
     * from this frame itself: every frame between the virtual thread's entry and a parked task is
     * frozen into its stack chunk, so no helper frame sits under a parked fiber
     * (docs/scheduler.md, "Sixth round"); the bookkeeping before and after is in methods that have
     * returned by then.
     */
    @Override
    public void run() {
        Fiber<?> f = worker.takeFirstForRunner();
        try {
            while (f != null) {
                Object task = begin(f);
                Throwable failure = null;
                if (task != null) { // null: cancelled while queued
                    try {
                        if (task instanceof Callable<?> c) {
                            f.completeRun(c.call());
                        } else {
                            ((Runnable) task).run();
                            f.completeRun(null);
                        }
                    } catch (Throwable e) {
                        failure = e;
                        f.failRun(e);
                    }
                }
                end(f, failure);
                f = thread == worker ? null : worker.nextTaskForRunner();
            }
        } finally {
            if (slot >= 0) {
                worker.scheduler.runners.remove(slot);
            }
        }
    }

    /** Before a fiber's task: the fiber is this runner's from now on. Returns its task, or null if it was cancelled. */
    private Object begin(Fiber<?> f) {
        FIBER.setRelease(this, f);
        worker.scheduler.fiberStarted(f, worker);
        return f.start(this);
    }

    /** The fiber this runner runs: on its own thread, or for the resumer of its parked thread. */
    Fiber<?> fiber() {
        return fiber;
    }

    /** The fiber this runner runs, as another thread sees it now (shutdownNow). */
    Fiber<?> runningFiber() {
        return (Fiber<?>) FIBER.getAcquire(this);
    }

    /** After a fiber's task ({@code failure} null if it returned normally): accounts for it, resets the thread. */
    private void end(Fiber<?> f, Throwable failure) {
        worker.scheduler.fiberFinished(f, failure, worker); // may call a handler that parks: fiber stays set
        fiber = null;
        f.endRun(); // then no interrupter for f is left: the interrupt below is cleared for good
        Thread.interrupted();
        if (VirtualThreads.available()) {
            VirtualThreads.clearThreadLocals(thread);
        }
    }

    /**
     * The queue entry for resuming this runner when it was suspended between two tasks (the JDK
     * can unmount it there, e.g. while it waits for a JDK-internal monitor such as the thread's
     * interrupt lock). It is never counted as a fiber: it only carries the runner back to a worker.
     * A new one per such suspension (they are rare): caching it would cost a field in every runner,
     * that is under every parked fiber, and a fresh entry is claimed once and never queued again.
     */
    Fiber<?> betweenTasksEntry() {
        var w = worker;
        return Fiber.carrying(this, w.scheduler, w.node);
    }
}
