package dev.tocin.v8;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.numa.Affinity;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The one platform thread that owns a runtime's V8 isolate, and the queue of jobs it runs.
 *
 * <p>Jobs wait in one FIFO queue per {@link Fiber.Priority} level; the loop always takes the
 * oldest job of the most urgent non-empty level, so a CRITICAL job overtakes queued BACKGROUND
 * work. After each job (and whenever the queues are empty) the loop runs the timers that are due.
 * Waits that happen on the loop thread itself go through {@link #runUntil}, which keeps running
 * jobs and timers, so a resolution posted from another thread can never deadlock a waiter.
 *
 * <p>Everything V8 is touched only from this thread ({@link #v8()} checks it).
 */
final class EventLoop {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
    private static final int LEVELS = Fiber.Priority.values().length;
    private static final int SPINS_BEFORE_PARK = 256;
    /**
     * The loop thread's stack. V8 puts its own stack limit about 1 MB below where the isolate was
     * first entered; with the JVM's default 1 MB thread stack that limit lies past the end of the
     * stack, so deep JS -> Java -> JS re-entry ran out of native stack before V8 noticed. With room
     * to spare V8 always throws its RangeError first, and Java frames beyond its limit still fit.
     */
    static final long STACK_BYTES = 16L << 20;
    /** How long {@link #stop()} lets running JavaScript finish before terminating it. */
    private static final long STOP_GRACE_MILLIS = 20;

    private final String name;
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<Runnable>[] queues = new ConcurrentLinkedQueue[LEVELS];
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger refs = new AtomicInteger();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Timers timers = new Timers(this);
    private final Thread thread;
    private final Set<Integer> cpus;
    private volatile boolean parked;
    private volatile boolean stopRequested;
    private volatile ExecutionGuard guard = ExecutionGuard.NONE;
    /** Written on the loop thread; read by {@link #stop()} to terminate running JS (under {@link #isolateLock}). */
    private volatile com.caoccao.javet.interop.V8Runtime v8;
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
        for (int i = 0; i < LEVELS; i++) {
            queues[i] = new ConcurrentLinkedQueue<>();
        }
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

    /** The loop whose thread is calling, or {@code null} off every loop thread. */
    static EventLoop current() {
        return CURRENT.get();
    }

    String name() {
        return name;
    }

    /**
     * Starts the thread and creates the isolate on it with {@code factory}; returns once the
     * isolate exists, rethrowing what the factory threw.
     */
    void start(Function<EventLoop, com.caoccao.javet.interop.V8Runtime> factory) {
        var created = new CompletableFuture<Void>();
        queues[0].add(() -> {
            try {
                v8 = factory.apply(this);
                created.complete(null);
            } catch (Throwable t) {
                created.completeExceptionally(t);
                stopRequested = true;
            }
        });
        queued.incrementAndGet();
        thread.start();
        await(created);
    }

    boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** The isolate; loop thread only. */
    com.caoccao.javet.interop.V8Runtime v8() {
        if (!inLoopThread()) {
            throw new IllegalStateException("V8 is confined to the loop thread " + name
                    + "; called from " + Thread.currentThread());
        }
        return v8;
    }

    boolean isStopped() {
        return stopRequested;
    }

    /** Runs {@code job} on the loop thread: inline when already there, otherwise queued at {@code p} and awaited. */
    <T> T call(Fiber.Priority p, Callable<T> job) {
        if (inLoopThread()) {
            try {
                return job.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        var result = new CompletableFuture<T>();
        post(p, new CallJob<>(job, result));
        return await(result);
    }

    /**
     * Like {@link #call} with a deadline for getting the job started: when it is still queued at
     * {@code deadlineNanos} it is withdrawn and {@code late} answers instead. A job that already
     * started runs to its end (it is short: a lookup, a conversion).
     */
    <T> T callBefore(Fiber.Priority p, Callable<T> job, long deadlineNanos, java.util.function.Supplier<T> late) {
        if (inLoopThread()) {
            return call(p, job);
        }
        var result = new CompletableFuture<T>();
        var queuedJob = new CallJob<>(job, result);
        post(p, queuedJob);
        try {
            result.get(Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            if (queues[p.value()].remove(queuedJob)) {
                queued.decrementAndGet();
                return late.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (queues[p.value()].remove(queuedJob)) {
                queued.decrementAndGet();
                return late.get();
            }
        } catch (ExecutionException e) {
            // rethrown unwrapped by await below
        }
        return await(result);
    }

    /** A job whose caller waits: if the loop stops before running it, the caller gets the failure. */
    private record CallJob<T>(Callable<T> job, CompletableFuture<T> result) implements Runnable {
        @Override
        public void run() {
            try {
                result.complete(job.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    /** Queues {@code job} at priority {@code p}; it runs on the loop thread after the jobs queued before it at {@code p} or above. */
    void post(Fiber.Priority p, Runnable job) {
        if (stopRequested) {
            throw new RuntimeClosedException(name);
        }
        var q = queues[p.value()];
        q.add(job);
        queued.incrementAndGet();
        if (terminated.isDone() && q.remove(job)) {
            // Lost the race with shutdown(): its final drain may already have passed.
            queued.decrementAndGet();
            throw new RuntimeClosedException(name);
        }
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * On the loop thread: runs queued jobs and due timers until {@code done} holds, the deadline
     * ({@link System#nanoTime()} based) passes or the loop stops. Off the loop thread it waits for
     * the loop to do the same.
     */
    void runUntil(BooleanSupplier done, long deadlineNanos) {
        if (!inLoopThread()) {
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
                if (runOneJob()) {
                    continue;
                }
                long untilTimer = timers.runDue();
                if (done.getAsBoolean() || queued.get() > 0) {
                    continue;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                park(untilTimer < 0 ? left : Math.min(left, untilTimer));
            }
        } finally {
            guard.resume(suspended);
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

    /** Jobs waiting in the queues (not counting the one running). */
    int queuedJobs() {
        return queued.get();
    }

    /** Queued jobs, explicit refs or referenced timers remain. */
    boolean hasPendingWork() {
        return queued.get() > 0 || refs.get() > 0 || timers.referencedCount() > 0;
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
     * Stops the loop: runs the close hooks and closes the isolate on the loop thread, fails the
     * jobs still queued with {@link RuntimeClosedException}, and waits for the thread to end
     * (unless called on the loop thread, which then unwinds by itself).
     */
    void stop() {
        if (!thread.isAlive() && !terminated.isDone()) {
            stopRequested = true;
            terminated.complete(null);
            return;
        }
        stopRequested = true;
        LockSupport.unpark(thread);
        if (inLoopThread()) {
            return;
        }
        // JavaScript that never returns (while (true) {}) would keep the loop from ever seeing the
        // stop: terminate it, again and again in case a termination landed between two jobs. A Java
        // function JS called that blocks (a future's get, a sleep) is interrupted.
        while (!awaitTerminated(STOP_GRACE_MILLIS)) {
            synchronized (isolateLock) {
                var isolate = v8;
                if (isolate != null && !closing) {
                    isolate.terminateExecution();
                    thread.interrupt();
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
        CURRENT.set(this);
        pinToCpus();
        try {
            while (!stopRequested) {
                if (runOneJob()) {
                    timers.runDue();
                    continue;
                }
                long untilTimer = timers.runDue();
                if (queued.get() == 0 && !stopRequested) {
                    park(untilTimer);
                }
            }
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
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
        failQueuedJobs();
        com.caoccao.javet.interop.V8Runtime isolate;
        synchronized (isolateLock) {
            isolate = v8;
            v8 = null;
        }
        if (isolate != null) {
            try {
                isolate.close();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "closing the isolate of " + name + " failed", t);
            }
        }
        CURRENT.remove();
        terminated.complete(null);
        failQueuedJobs(); // jobs posted while the first drain ran; later posts see terminated and fail themselves
    }

    private void failQueuedJobs() {
        var closed = new RuntimeClosedException(name);
        for (var q : queues) {
            for (Runnable job; (job = q.poll()) != null; ) {
                queued.decrementAndGet();
                if (job instanceof CallJob<?> waiting) {
                    waiting.result().completeExceptionally(closed);
                }
            }
        }
    }

    /** Takes and runs the most urgent queued job; false when every queue is empty. */
    private boolean runOneJob() {
        if (queued.get() == 0) {
            return false;
        }
        for (var q : queues) {
            Runnable job = q.poll();
            if (job != null) {
                queued.decrementAndGet();
                long token = guard.enter();
                try {
                    job.run();
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.ERROR, "uncaught failure in a job of " + name, t);
                } finally {
                    guard.exit(token);
                }
                return true;
            }
        }
        return false;
    }

    private void park(long nanos) {
        // A caller on another thread usually sends its next call within microseconds: spinning a
        // little first saves the unpark/wake-up (several microseconds) on back-to-back calls.
        for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
            if (queued.get() > 0 || stopRequested) {
                return;
            }
            Thread.onSpinWait();
        }
        parked = true;
        try {
            if (queued.get() > 0 || stopRequested) {
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

    /** Waits for {@code f} (a fiber parks), rethrowing its failure unwrapped. */
    static <T> T await(CompletableFuture<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
