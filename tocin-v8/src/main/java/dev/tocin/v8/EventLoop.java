package dev.tocin.v8;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.numa.Affinity;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A runtime's isolate lock and the platform thread that serves what no caller does.
 *
 * <p>The isolate is guarded by one {@link IsolateLock}; whoever holds it may use V8 ({@link #isolate()}
 * checks it). A caller whose stack has room for V8 ({@code callerMayRun}, see {@link StackRoom})
 * takes the lock and runs its call on its own thread: no hop. When the lock is busy it queues at
 * its fiber priority and the releaser hands the lock to the most urgent waiter (aged). A caller
 * without that room posts its call as a job and waits, as every caller did before issue 13.
 *
 * <p>The loop thread runs what nobody calls: due timers, jobs posted from Java (promise
 * settlements, releases, unhandled-rejection reports) and the microtasks after them. It takes the
 * same lock and parks without holding it. A holder that waits ({@link #runUntil}) keeps running
 * queued jobs, queued calls and due timers on its own thread, so a settlement posted from another
 * thread can never deadlock it.
 */
final class EventLoop implements dev.tocin.v8.module.ModuleSystem.Loop {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final int SPINS_BEFORE_PARK = 256;
    /**
     * The loop thread's stack. V8 puts its own stack limit {@code --stack-size} below where a thread
     * first entered the isolate; with room to spare V8 always throws its RangeError first, and Java
     * frames beyond its limit still fit (issue 12).
     */
    static final long STACK_BYTES = 16L << 20;
    /** How long {@link #stop()} lets running JavaScript finish before terminating it. */
    private static final long STOP_GRACE_MILLIS = 20;

    private final String name;
    private final IsolateLock lock = new IsolateLock();
    private final AtomicInteger refs = new AtomicInteger();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Timers timers = new Timers(this);
    private final Thread thread;
    private final Set<Integer> cpus;
    private final java.util.concurrent.atomic.AtomicBoolean tickQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean parked;
    /** When the parked loop thread wakes by itself (nanoTime), Long.MAX_VALUE for never. */
    private volatile long wakeAt = Long.MAX_VALUE;
    /** The lock holder parked in {@link #runUntil}, woken by new queued work. */
    private volatile Thread waitingHolder;
    private volatile boolean stopRequested;
    private volatile ExecutionGuard guard = ExecutionGuard.NONE;
    /** Whether the calling thread may run JS on its own stack (the isolate's rule); never: every call hops. */
    private volatile BooleanSupplier callerMayRun = () -> false;
    private Function<EventLoop, Isolate> factory;
    private final CompletableFuture<Void> created = new CompletableFuture<>();
    /** Written by the loop thread once the isolate exists; read by {@link #stop()} to terminate running JS (under {@link #isolateLock}). */
    private volatile Isolate isolate;
    /** Orders {@link #stop()}'s terminateExecution against the isolate being closed. */
    private final Object isolateLock = new Object();
    /** Set (under {@link #isolateLock}) once the loop runs its close hooks: stop() then leaves it alone. */
    private boolean closing;

    EventLoop(String name) {
        this(name, Set.of());
    }

    /** @param cpus what the loop thread pins itself to when it starts; empty for no pinning */
    EventLoop(String name, Set<Integer> cpus) {
        this.name = name;
        this.cpus = cpus;
        this.thread = Thread.ofPlatform().name(name).daemon(true).stackSize(STACK_BYTES).unstarted(this::loop);
    }

    /** Pins this (the loop) thread; a refusal is logged by Affinity and the loop runs unpinned. */
    private void pinToCpus() {
        if (cpus.isEmpty()) {
            return;
        }
        var set = new BitSet();
        cpus.forEach(set::set);
        if (!Affinity.system().pinCurrentThread(set)) {
            LOG.log(System.Logger.Level.WARNING, name + ": could not pin the loop thread to CPUs " + cpus + "; it runs unpinned");
        }
    }

    String name() {
        return name;
    }

    /** Sets who may run JS on their own stack (the isolate decides it from stack room). */
    void setCallerMayRun(BooleanSupplier rule) {
        this.callerMayRun = rule;
    }

    /**
     * Starts the thread and creates the isolate on it with {@code factory} (the loop thread is the
     * first to enter it); returns once the isolate exists, rethrowing what the factory threw.
     */
    void start(Function<EventLoop, Isolate> factory) {
        this.factory = factory;
        thread.start();
        await(created);
    }

    boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Whether the calling thread holds the isolate lock (may use V8, runs nested calls inline). */
    boolean holdsIsolate() {
        return lock.heldByCurrentThread();
    }

    /** The isolate; the isolate lock's holder only. */
    Isolate isolate() {
        if (!lock.heldByCurrentThread()) {
            throw new IllegalStateException("V8 of " + name + " is used only by the thread that holds its lock; called from "
                    + Thread.currentThread());
        }
        return isolate;
    }

    boolean isStopped() {
        return stopRequested;
    }

    /**
     * Runs {@code job} with the isolate: inline when this thread holds the lock already, on this
     * thread when it may run JS (taking the lock, or waiting for it at {@code p}), else posted to the
     * loop thread at {@code p} and awaited.
     */
    <T> T call(Fiber.Priority p, Callable<T> job) {
        if (lock.heldByCurrentThread()) {
            return inline(job);
        }
        if (stopRequested) {
            throw new RuntimeClosedException(name);
        }
        if (!callerMayRun.getAsBoolean()) {
            var result = new CompletableFuture<T>();
            post(p, new CallJob<>(job, result));
            return await(result);
        }
        if (lock.tryAcquire(p)) {
            return runHeld(job);
        }
        var result = new CompletableFuture<T>();
        var entry = new IsolateLock.Entry(p, Thread.currentThread(), new CallJob<>(job, result));
        lock.enqueue(entry);
        wakeHolder();
        if (stopRequested && lock.withdraw(entry)) {
            throw new RuntimeClosedException(name); // raced with shutdown
        }
        if (lock.await(entry, thread) != IsolateLock.GRANTED) {
            return await(result); // taken and run by a waiting holder, or failed by shutdown
        }
        lock.adopt();
        if (!callerMayRun.getAsBoolean()) {
            // A virtual thread that woke on a carrier without the stack room: the loop thread runs it.
            try {
                post(p, entry.job);
            } finally {
                releaseHeld();
            }
            return await(result);
        }
        return runHeld(job);
    }

    private static <T> T inline(Callable<T> job) {
        try {
            return job.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code job} under the lock this thread just took (outermost hold), then releases it. */
    private <T> T runHeld(Callable<T> job) {
        long token = guard.enter();
        try {
            return inline(job);
        } finally {
            guard.exit(token);
            releaseHeld();
        }
    }

    /** Releases an outermost hold; wakes the loop thread if JS scheduled a timer before its next wake-up. */
    private void releaseHeld() {
        if (parked && timers.nextDueAt() - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
        lock.release(thread);
    }

    /**
     * Like {@link #call} with a deadline for getting the job started: when it is still queued at
     * {@code deadlineNanos} it is withdrawn and {@code late} answers instead. A job that already
     * started runs to its end (it is short: a lookup, a conversion).
     */
    <T> T callBefore(Fiber.Priority p, Callable<T> job, long deadlineNanos, java.util.function.Supplier<T> late) {
        if (lock.heldByCurrentThread()) {
            return inline(job);
        }
        if (stopRequested) {
            throw new RuntimeClosedException(name);
        }
        if (callerMayRun.getAsBoolean() && lock.tryAcquire(p)) {
            return runHeld(job);
        }
        var result = new CompletableFuture<T>();
        var entry = postEntry(p, new CallJob<>(job, result));
        try {
            result.get(Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (lock.withdraw(entry)) {
                return late.get();
            }
        } catch (ExecutionException e) {
            // rethrown unwrapped by await below
        }
        return await(result);
    }

    /** Queues {@code job} at {@code p}; the loop thread (or a waiting holder) runs it after the work queued before it at {@code p} or above. */
    void post(Fiber.Priority p, Runnable job) {
        postEntry(p, job);
    }

    /**
     * Caller-runs for a posted job (a settlement): runs it on this thread, under the lock and the
     * guard, when this thread may run JS and takes the free lock with nothing queued (it overtakes
     * nobody, so order and priorities hold); false: post it. Never waits.
     */
    boolean runHereIfFree(Runnable job) {
        if (stopRequested || lock.owner() != null || lock.queued() > 0 || !callerMayRun.getAsBoolean() || !lock.tryAcquire()) {
            return false;
        }
        runHeld(java.util.concurrent.Executors.callable(job));
        return true;
    }

    private IsolateLock.Entry postEntry(Fiber.Priority p, Runnable job) {
        if (stopRequested) {
            throw new RuntimeClosedException(name);
        }
        var entry = new IsolateLock.Entry(p, null, job);
        lock.enqueue(entry);
        if (terminated.isDone() && lock.withdraw(entry)) {
            // Lost the race with shutdown(): its final drain may already have passed.
            throw new RuntimeClosedException(name);
        }
        wakeHolder();
        if (parked) {
            LockSupport.unpark(thread);
        }
        return entry;
    }

    /** Wakes a holder parked in {@link #runUntil}: new work may be what it waits for, or must run under it. */
    private void wakeHolder() {
        LockSupport.unpark(waitingHolder); // null: nobody waits, a no-op
    }

    /**
     * For the lock holder: runs queued jobs, queued calls and due timers on this thread until
     * {@code done} holds, the deadline ({@link System#nanoTime()} based) passes or the loop stops.
     * Any other thread first gets the lock the way {@link #call} does.
     */
    @Override
    public void runUntil(BooleanSupplier done, long deadlineNanos) {
        if (!lock.heldByCurrentThread()) {
            call(Fiber.currentPriority(), () -> {
                runUntil(done, deadlineNanos);
                return null;
            });
            return;
        }
        // The job that waits is not running JS while it waits: the execution timeout must not fire on it.
        long suspended = guard.suspend();
        try {
            while (!done.getAsBoolean() && !stopRequested) {
                if (runOneJob(false)) {
                    continue;
                }
                long untilTimer = timers.runDue();
                if (done.getAsBoolean() || lock.queued() > 0) {
                    continue;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                parkHolder(untilTimer < 0 ? left : Math.min(left, untilTimer));
            }
        } finally {
            guard.resume(suspended);
        }
    }

    private void parkHolder(long nanos) {
        waitingHolder = Thread.currentThread();
        try {
            if (lock.queued() > 0 || stopRequested) {
                return;
            }
            LockSupport.parkNanos(this, nanos);
        } finally {
            waitingHolder = null;
        }
    }

    /** Counts one piece of pending work that keeps {@link #hasPendingWork()} true (like a libuv ref). */
    void ref() {
        refs.incrementAndGet();
    }

    void unref() {
        if (refs.decrementAndGet() < 0) {
            refs.incrementAndGet();
            throw new IllegalStateException("unref() without a matching ref()");
        }
    }

    /** Jobs and calls waiting for the isolate (not counting the one running). */
    int queuedJobs() {
        return lock.queued();
    }

    /** Queued jobs, explicit refs or referenced timers remain. */
    boolean hasPendingWork() {
        return lock.queued() > 0 || refs.get() > 0 || timers.referencedCount() > 0;
    }

    /**
     * Whether anything could still settle a promise: queued jobs, refs or any timer. Unlike
     * {@link #hasPendingWork()} an unref'd timer counts (AbortSignal.timeout is one): it does not
     * keep a program alive, but an embedded runtime lives on and the timer will fire.
     */
    boolean canStillSettle() {
        return hasPendingWork() || timers.activeCount() > 0;
    }

    /** Runs {@code hook} on the loop thread when the loop shuts down, before the isolate closes. */
    void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    Timers timers() {
        return timers;
    }

    void setGuard(ExecutionGuard guard) {
        this.guard = guard;
    }

    ExecutionGuard guard() {
        return guard;
    }

    /**
     * Stops the loop: fails queued calls and jobs with {@link RuntimeClosedException}, terminates
     * the JS the lock holder runs, and has the loop thread close the isolate (close hooks first);
     * waits for that unless the calling thread holds the lock itself (it unwinds, then the loop
     * thread takes over).
     */
    void stop() {
        if (!thread.isAlive() && !terminated.isDone()) {
            stopRequested = true;
            created.completeExceptionally(new RuntimeClosedException(name));
            terminated.complete(null);
            return;
        }
        stopRequested = true;
        LockSupport.unpark(thread);
        wakeHolder();
        if (lock.heldByCurrentThread()) {
            return;
        }
        // JavaScript that never returns (while (true) {}) would keep the holder from ever releasing:
        // terminate it, again and again in case a termination landed between two calls. A Java
        // function JS called that blocks (a future's get, a sleep) is interrupted on its thread.
        while (!awaitTerminated(STOP_GRACE_MILLIS)) {
            synchronized (isolateLock) {
                var current = isolate;
                Thread holder = lock.owner();
                if (current != null && !closing && holder != null) {
                    current.terminateExecution();
                    if (holder != Thread.currentThread()) {
                        holder.interrupt();
                    }
                }
            }
            LockSupport.unpark(thread);
        }
    }

    private boolean awaitTerminated(long millis) {
        try {
            terminated.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return terminated.isDone();
        } catch (ExecutionException e) {
            return true;
        }
    }

    private void loop() {
        pinToCpus();
        lock.tryAcquireEvenIfQueued(); // free: nobody knows the isolate yet
        try {
            isolate = factory.apply(this);
            created.complete(null);
        } catch (Throwable t) {
            created.completeExceptionally(t);
            stopRequested = true;
        }
        try {
            if (!stopRequested) {
                releaseHeld();
            }
            while (!stopRequested) {
                long now = System.nanoTime();
                boolean timerDue = timers.nextDueAt() - now <= 0;
                if (lock.owner() == thread || ((lock.queued() > 0 || timerDue) && lock.tryAcquireEvenIfQueued())) {
                    lock.adopt();
                    drain();
                    continue;
                }
                if (timerDue && tickQueued.compareAndSet(false, true)) {
                    // A caller holds the lock: ask for it like any posted job.
                    try {
                        postEntry(Fiber.Priority.NORMAL, () -> tickQueued.set(false));
                    } catch (RuntimeClosedException stopping) {
                        break; // stop() came in between: nothing to tick for
                    }
                    continue;
                }
                long next = timers.nextDueAt();
                // With a tick queued, the holder's release hands the lock over (and wakes this thread).
                park(timerDue || next == Long.MAX_VALUE ? -1 : Math.max(1, next - System.nanoTime()));
            }
        } finally {
            shutdown();
        }
    }

    /** The loop thread, holding the lock: runs the posted jobs that are most urgent, then due timers, then releases. */
    private void drain() {
        try {
            while (!stopRequested) {
                boolean ran = runOneJob(true);
                timers.runDue();
                if (!ran) {
                    break;
                }
            }
        } finally {
            if (!stopRequested) {
                releaseHeld();
            }
        }
    }

    private void shutdown() {
        failQueued(); // then take the lock: the holder unwinds (stop() terminates its JS)
        while (!lock.tryAcquireEvenIfQueued()) {
            failQueued();
            LockSupport.parkNanos(this, 1_000_000);
        }
        lock.adopt();
        // stop() may have interrupted this thread to end a blocked callback: the close hooks (which
        // may write files through interruptible channels) must not see that interrupt, nor a later one.
        synchronized (isolateLock) {
            closing = true;
        }
        Thread.interrupted();
        for (var hook : closeHooks) {
            try {
                hook.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "close hook of " + name + " failed", t);
            }
        }
        timers.clear();
        failQueued();
        Isolate closed;
        synchronized (isolateLock) {
            closed = isolate;
            isolate = null;
        }
        if (closed != null) {
            try {
                closed.closeV8();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "closing the isolate of " + name + " failed", t);
            }
        }
        terminated.complete(null);
        failQueued(); // work queued while the first drain ran; later posts see terminated and fail themselves
    }

    private void failQueued() {
        var closed = new RuntimeClosedException(name);
        for (var e : lock.failAll()) {
            if (e.job instanceof CallJob<?> waiting) {
                waiting.result().completeExceptionally(closed);
            }
        }
    }

    /**
     * The holder: takes and runs the most urgent queued entry ({@code postedOnly}: only if it is a
     * posted job, the loop thread's share); false when there is none.
     */
    private boolean runOneJob(boolean postedOnly) {
        var entry = lock.take(postedOnly);
        if (entry == null) {
            return false;
        }
        long token = guard.enter();
        try {
            entry.job.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "uncaught failure in a job of " + name, t);
        } finally {
            guard.exit(token);
        }
        return true;
    }

    private void park(long nanos) {
        // A posted job (a settlement) often follows within microseconds: spinning a little first
        // saves the unpark/wake-up (several microseconds).
        for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
            if (hasWorkForLoop()) {
                return;
            }
            Thread.onSpinWait();
        }
        wakeAt = nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        parked = true;
        try {
            // A timer scheduled since nanos was computed (a holder that saw parked wakes us, too).
            if (hasWorkForLoop() || (!tickQueued.get() && timers.nextDueAt() - wakeAt < 0)) {
                return;
            }
            if (nanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            parked = false;
        }
    }

    /** Handed the lock, a free lock with work queued, or a stop: what wakes the loop thread. */
    private boolean hasWorkForLoop() {
        Thread owner = lock.owner();
        return owner == thread || (owner == null && lock.queued() > 0) || stopRequested;
    }

    /** Waits for {@code f} without giving up on an interrupt (a fiber parks), rethrowing its failure unwrapped. */
    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
