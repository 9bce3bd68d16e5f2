package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A fixed number of {@link V8Runtime}s (isolates) behind one call API, so JavaScript runs on as
 * many cores as there are isolates.
 *
 * <pre>{@code
 * try (var pool = V8RuntimePool.builder()
 *         .size(4)
 *         .options(V8Options.builder().maxHeapMb(256).timeout(Duration.ofSeconds(5)).build())
 *         .setup(rt -> rt.loadModule("./handler.mjs", "handler"))
 *         .build()) {
 *     FFIValue r = pool.callFunction("handler", "handle", FFIValue.of(req));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>A call takes any free isolate and runs on it from the caller's own thread or fiber: the pool
 *       adds no thread hop. Callers that find none free wait in order of their
 *       {@linkplain Fiber#currentPriority() fiber priority} (NORMAL for platform threads), with aging
 *       so that nothing starves.</li>
 *   <li>State lives per isolate: a handler must keep what outlives a call outside JavaScript, or use
 *       {@link #withRuntime} for several calls on one isolate.</li>
 *   <li>Healing: an isolate whose call hit the heap limit or the execution timeout, or that closed, is
 *       retired and replaced in the background (the setup runs again); so is one that served
 *       {@code maxCallsPerRuntime} calls. A replacement whose setup fails is retried with backoff.</li>
 *   <li>{@link #shutdown()} fails waiting callers with {@link RuntimeClosedException} at once; calls in
 *       flight finish and their isolates close when they return.</li>
 * </ul>
 */
public final class V8RuntimePool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(V8RuntimePool.class.getName());
    private static final String NAME = "V8RuntimePool";
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final int size;
    private final long maxCalls;
    private final IsolateFactory factory;
    private final NumaPlacement placement;
    private final ThreadLocal<PoolSlot> held = new ThreadLocal<>();
    private final Set<Thread> healers = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private final AdmissionQueue queue;
    private final List<ArrayDeque<PoolSlot>> idle = new ArrayList<>();
    private final int[] liveByBucket;
    private int live;
    private int busy;
    private int healing;
    private long replaced;
    private long calls;
    private long setupFailures;
    private String lastSetupFailure;
    private boolean closed;

    private V8RuntimePool(Builder b, IsolateFactory factory, NumaPlacement placement) {
        this.size = b.size;
        this.maxCalls = b.maxCallsPerRuntime;
        this.factory = factory;
        this.placement = placement;
        this.queue = new AdmissionQueue(b.agingBound.toNanos());
        for (int i = 0; i < placement.buckets(); i++) {
            idle.add(new ArrayDeque<>());
        }
        this.liveByBucket = new int[placement.buckets()];
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- calls ----------------------------------------------------------------------------------

    /** {@link V8Runtime#callFunction} on a free isolate. */
    public FFIValue callFunction(String module, String function, FFIValue... args) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        return withRuntime(rt -> rt.callFunction(module, function, args));
    }

    /** {@link V8Runtime#executeCode} on a free isolate (declarations it makes stay on that isolate only). */
    public FFIValue executeCode(String code) {
        Objects.requireNonNull(code, "code");
        return withRuntime(rt -> rt.executeCode(code));
    }

    /**
     * Lends one isolate to {@code work} for its whole run, e.g. for several calls that share JS state.
     * Pool calls made inside {@code work} on the same thread run on the same isolate. The runtime
     * must not be kept or used after {@code work} returns.
     *
     * @throws RuntimeClosedException when the pool is shut down before an isolate was free
     * @throws CancellationException  when the waiting thread is interrupted (its interrupt flag stays set)
     */
    public <T> T withRuntime(Function<V8Runtime, T> work) {
        Objects.requireNonNull(work, "work");
        var nested = held.get();
        if (nested != null) {
            count();
            return work.apply(nested.runtime);
        }
        var slot = acquire();
        held.set(slot);
        Throwable failure = null;
        try {
            return work.apply(slot.runtime);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            held.remove();
            release(slot, failure);
        }
    }

    private void count() {
        lock.lock();
        try {
            calls++;
        } finally {
            lock.unlock();
        }
    }

    private PoolSlot acquire() {
        int bucket = placement.callerBucket();
        AdmissionQueue.Waiter waiter;
        lock.lock();
        try {
            if (closed) {
                throw new RuntimeClosedException(NAME);
            }
            if (queue.isEmpty()) {
                var slot = takeIdle(bucket);
                if (slot != null) {
                    busy++;
                    calls++;
                    slot.calls++;
                    return slot;
                }
            }
            waiter = queue.add(Fiber.currentPriority(), System.nanoTime());
        } finally {
            lock.unlock();
        }
        return await(waiter);
    }

    private PoolSlot await(AdmissionQueue.Waiter waiter) {
        try {
            return waiter.handoff.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            boolean removed;
            lock.lock();
            try {
                removed = queue.remove(waiter);
            } finally {
                lock.unlock();
            }
            // Not in the queue any more: it was served (or failed by shutdown) while we were interrupted.
            if (!removed && !waiter.handoff.isCompletedExceptionally()) {
                release(waiter.handoff.join(), null);
            }
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for an isolate of the " + NAME);
        }
    }

    /** An idle isolate, of the caller's bucket if it has one. Lock held. */
    private PoolSlot takeIdle(int bucket) {
        if (bucket >= 0 && !idle.get(bucket).isEmpty()) {
            return idle.get(bucket).pollLast();
        }
        for (var isolates : idle) {
            if (!isolates.isEmpty()) {
                return isolates.pollLast();
            }
        }
        return null;
    }

    private void release(PoolSlot slot, Throwable failure) {
        boolean retire = slot.runtime.isClosed() || hitLimit(failure) || (maxCalls > 0 && slot.calls >= maxCalls);
        lock.lock();
        try {
            if (retire || closed) {
                busy--;
                live--;
                liveByBucket[slot.bucket]--;
                if (!closed) {
                    healing++;
                    startHealer(slot, failure);
                    return;
                }
            } else {
                serveOrPark(slot);
                return;
            }
        } finally {
            lock.unlock();
        }
        slot.runtime.close();
    }

    /** Gives a busy (or new) isolate to the next waiter, or makes it idle. Lock held. */
    private void serveOrPark(PoolSlot slot) {
        var next = queue.next(System.nanoTime());
        if (next != null) {
            calls++;
            slot.calls++;
            next.handoff.complete(slot);
        } else {
            busy--;
            idle.get(slot.bucket).addLast(slot);
        }
    }

    private static boolean hitLimit(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause()) {
            if (t instanceof HeapLimitException || t instanceof ScriptTimeoutException) {
                return true;
            }
        }
        return false;
    }

    // ---- healing --------------------------------------------------------------------------------

    private void startHealer(PoolSlot retired, Throwable failure) {
        String why = failure != null ? failure.getClass().getSimpleName()
                : retired.runtime.isClosed() ? "runtime closed" : "served " + retired.calls + " calls";
        var healer = Thread.ofVirtual().name("tocin-pool-heal").unstarted(() -> heal(retired, why));
        healers.add(healer);
        healer.start();
    }

    /**
     * Creates the replacement of a retired isolate, retrying a failing setup with backoff. The old
     * isolate closes meanwhile on a thread of its own: closing waits for its loop thread, which
     * would otherwise delay the replacement.
     */
    private void heal(PoolSlot retired, String why) {
        try {
            Thread.ofVirtual().name("tocin-pool-close").start(retired.runtime::close);
            LOG.log(System.Logger.Level.DEBUG, "replacing a pool isolate ({0})", why);
            long backoff = FIRST_BACKOFF_MS;
            while (!isClosed()) {
                V8Runtime fresh;
                try {
                    fresh = factory.create(placement.cpusOf(retired.bucket));
                } catch (Exception | Error e) {
                    if (isClosed()) {
                        return;
                    }
                    recordSetupFailure(e, backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    continue;
                }
                if (!addReplacement(new PoolSlot(fresh, retired.bucket))) {
                    fresh.close();
                }
                return;
            }
        } catch (InterruptedException e) {
            // shutdown interrupts healers still backing off; nothing to replace any more
        } finally {
            lock.lock();
            try {
                healing--;
            } finally {
                lock.unlock();
            }
            healers.remove(Thread.currentThread());
        }
    }

    private void recordSetupFailure(Throwable e, long backoff) {
        lock.lock();
        try {
            setupFailures++;
            lastSetupFailure = e.toString();
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.WARNING, "the " + NAME + " could not replace an isolate, retrying in "
                + backoff + " ms: " + e, e);
    }

    /** Puts a replacement in service; false when the pool closed meanwhile. */
    private boolean addReplacement(PoolSlot slot) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            live++;
            liveByBucket[slot.bucket]++;
            replaced++;
            busy++; // serveOrPark treats it as coming back from a caller
            serveOrPark(slot);
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    public PoolStats getStats() {
        lock.lock();
        try {
            var byNode = new HashMap<Integer, Integer>();
            for (int b = 0; b < liveByBucket.length; b++) {
                byNode.put(placement.nodeIds().get(b), liveByBucket[b]);
            }
            return new PoolStats(size, live, busy, queue.size(), replaced, calls, healing, setupFailures,
                    lastSetupFailure, byNode);
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails waiting callers with {@link RuntimeClosedException}, closes the idle isolates and stops
     * pending replacements. Calls in flight finish; their isolates close when they return. Idempotent.
     */
    public void shutdown() {
        var toClose = new ArrayList<PoolSlot>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (var isolates : idle) {
                toClose.addAll(isolates);
                live -= isolates.size();
                isolates.forEach(s -> liveByBucket[s.bucket]--);
                isolates.clear();
            }
            // Under the lock, so a waiter that is not in the queue any more always finds its handoff done.
            for (var w : queue.drain()) {
                w.handoff.completeExceptionally(new RuntimeClosedException(NAME));
            }
        } finally {
            lock.unlock();
        }
        healers.forEach(Thread::interrupt);
        toClose.forEach(s -> s.runtime.close());
        factory.close();
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    @Override
    public String toString() {
        var st = getStats();
        return NAME + "[size=" + st.size() + ", live=" + st.live() + ", busy=" + st.busy() + ", queued=" + st.queued() + "]";
    }

    // ---- builder --------------------------------------------------------------------------------

    /** Settings of a {@link V8RuntimePool}; {@link #build()} creates and sets up every isolate. */
    public static final class Builder {
        private int size;
        private V8Options options = V8Options.defaults();
        private PoolSetup setup = rt -> { };
        private long maxCallsPerRuntime;
        private LightweightScheduler scheduler;
        private Duration agingBound = LightweightScheduler.DEFAULT_AGING_BOUND;

        private Builder() {
        }

        /**
         * Isolates in the pool. Default: the {@linkplain #scheduler scheduler}'s worker count, or
         * one per available processor (what the default scheduler has).
         */
        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("a pool needs at least one isolate, got size " + size);
            }
            this.size = size;
            return this;
        }

        /** The options of every isolate. Without a {@code codeCache}, the pool shares a temporary one. */
        public Builder options(V8Options options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Runs on every isolate, at {@link #build()} and on each replacement. */
        public Builder setup(PoolSetup setup) {
            this.setup = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /** Retires and replaces an isolate after {@code n} calls; 0 (the default) never does. */
        public Builder maxCallsPerRuntime(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxCallsPerRuntime must not be negative, got " + n);
            }
            this.maxCallsPerRuntime = n;
            return this;
        }

        /**
         * The scheduler whose callers use the pool: its worker count is the default size, and when it
         * is NUMA-aware the isolates are spread over its nodes and callers prefer their node's isolates.
         */
        public Builder scheduler(LightweightScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** How long a waiting caller waits before it counts one priority level more urgent (default 20 ms). */
        public Builder agingBound(Duration bound) {
            if (bound.isNegative() || bound.isZero()) {
                throw new IllegalArgumentException("the aging bound must be positive, got " + bound);
            }
            this.agingBound = bound;
            return this;
        }

        /**
         * Creates the isolates and runs the setup on each: the first alone (so it fills the shared
         * code cache), the others in parallel.
         *
         * @throws IllegalStateException when the setup fails on an isolate (with the setup's
         *                               exception as cause); no isolate is left running
         */
        public V8RuntimePool build() {
            if (size == 0) {
                size = scheduler != null ? scheduler.getStats().totalWorkers() : Runtime.getRuntime().availableProcessors();
            }
            IsolateFactory factory;
            try {
                factory = new IsolateFactory(options, setup);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the pool's code-cache folder: " + e.getMessage(), e);
            }
            var placement = NumaPlacement.of(scheduler, size);
            var pool = new V8RuntimePool(this, factory, placement);
            pool.fill(placement.bucketsOfIsolates());
            return pool;
        }
    }

    private void fill(int[] buckets) {
        var created = new V8Runtime[buckets.length];
        var failures = new Throwable[buckets.length];
        createInto(created, failures, buckets, 0);
        if (failures[0] == null) {
            var threads = new ArrayList<Thread>();
            for (int i = 1; i < buckets.length; i++) {
                int index = i;
                threads.add(Thread.ofVirtual().name("tocin-pool-setup").start(() -> createInto(created, failures, buckets, index)));
            }
            boolean interrupted = false;
            for (var t : threads) {
                // The isolates being set up must be closed or kept, so wait for them even when interrupted.
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < failures.length; i++) {
            if (failures[i] != null) {
                for (var rt : created) {
                    if (rt != null) {
                        rt.close();
                    }
                }
                factory.close();
                throw new IllegalStateException("the " + NAME + " setup failed on isolate " + (i + 1) + " of "
                        + buckets.length + ": " + failures[i].getMessage(), failures[i]);
            }
        }
        lock.lock();
        try {
            for (int i = 0; i < buckets.length; i++) {
                idle.get(buckets[i]).addLast(new PoolSlot(created[i], buckets[i]));
                liveByBucket[buckets[i]]++;
            }
            live = buckets.length;
        } finally {
            lock.unlock();
        }
    }

    private void createInto(V8Runtime[] created, Throwable[] failures, int[] buckets, int index) {
        try {
            created[index] = factory.create(placement.cpusOf(buckets[index]));
        } catch (Exception | Error e) {
            failures[index] = e;
        }
    }
}
