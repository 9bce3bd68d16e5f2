package dev.tocin.runtime;

import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * A priority fiber scheduler: five levels ({@link Fiber.Priority}), one worker thread per CPU by
 * default, work stealing that always looks at the most urgent level first, priorities that can
 * change while a fiber waits, and aging so that no level starves. Fibers are virtual threads whose
 * carriers are this scheduler's workers, so a fiber that parks frees its worker.
 *
 * <pre>{@code
 * var s = new LightweightScheduler(4);
 * s.start();
 * Fiber<Integer> f = s.goWithPriority(Fiber.Priority.HIGH, () -> 6 * 7);
 * f.join();
 * s.waitAll();
 * s.close();
 * }</pre>
 *
 * <p>It is an {@link java.util.concurrent.ExecutorService}: {@code execute} and {@code submit} start
 * fibers at the caller's priority ({@code NORMAL} outside any fiber). After {@link #stop()} fibers
 * from outside are rejected; fibers started by the scheduler's own fibers are still accepted so that
 * queued work can finish the way it was written.
 */
public final class LightweightScheduler extends AbstractExecutorService implements AutoCloseable {
    static final int LEVELS = Fiber.Priority.values().length;
    /**
     * Default aging bound. Measured (docs/scheduler.md, AgingProbe): under a flood of CRITICAL work
     * that saturates every worker, BACKGROUND work gets through after about four bounds (~80 ms at
     * 20 ms), and CRITICAL bursts shorter than the bound are never interleaved with aged work.
     */
    public static final Duration DEFAULT_AGING_BOUND = Duration.ofMillis(20);
    /**
     * Most workers (and most spare workers) a scheduler accepts. Each worker is a platform thread
     * with five 256-entry rings; this is far above any machine's CPU count and far below what
     * exhausts memory (100,000 workers did).
     */
    static final int MAX_WORKERS = 4096;
    /** Longest aging bound: one day, i.e. no aging in practice (and nanoseconds cannot overflow). */
    static final Duration MAX_AGING_BOUND = Duration.ofDays(1);

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static LightweightScheduler instance;

    private final String name;
    private final int workerCount;
    private final long agingNanos;
    private final NumaTopology topology;
    private final WorkerPinning pinning;
    private final FiberFailures failures;
    private final SchedulerStats.Mode mode;
    private final String fallbackReason;

    private volatile boolean numaAware;
    private final RunState runState = new RunState();
    private final Ticker ticker = new Ticker();
    private volatile PlacementNode[] nodes = new PlacementNode[0];
    private volatile Worker[] workers = new Worker[0];
    private final AtomicInteger layoutVersion = new AtomicInteger();
    final IdleWorkers idle = new IdleWorkers();
    final SpareWorkers spares;
    final FiberPlacement placement = new FiberPlacement(this);
    /** Every runner alive (for shutdownNow's interrupts); added by workers, removed by runners. */
    final SlotTable<Runner> runners = new SlotTable<>();
    private final Quiescence quiescence = new Quiescence(this::allWorkers);
    private final FiberSpawner spawner = new FiberSpawner(this, quiescence, runState, placement);
    private final Termination termination = new Termination(runState);

    /** A scheduler with {@code workers} worker threads and default settings; call {@link #start()}. */
    public LightweightScheduler(int workers) {
        this(builder().workers(workers));
    }

    private LightweightScheduler(Builder b) {
        this.name = b.name != null ? b.name : "tocin-" + INSTANCES.incrementAndGet();
        this.topology = b.topology != null ? b.topology : NumaTopology.detect();
        this.workerCount = b.workers > 0 ? b.workers : Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors());
        this.agingNanos = b.agingBound.toNanos();
        this.spares = new SpareWorkers(this, b.maxSpareWorkers >= 0 ? b.maxSpareWorkers : Math.max(4, workerCount));
        this.failures = new FiberFailures(name, b.failureHandler);
        this.numaAware = b.numaAware;
        this.pinning = new WorkerPinning(topology, workerCount, b.affinity);
        this.fallbackReason = VirtualThreads.fallbackReason(b.runToCompletion);
        this.mode = fallbackReason == null ? SchedulerStats.Mode.FIBERS : SchedulerStats.Mode.RUN_TO_COMPLETION;
    }

    /** A builder for a scheduler with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The process-wide scheduler, created and started with default settings on first use (and
     * again if the previous one was stopped).
     */
    public static synchronized LightweightScheduler instance() {
        if (instance == null || instance.isShutdown()) {
            instance = builder().name("tocin").build();
            instance.start();
        }
        return instance;
    }

    // ---------------------------------------------------------------- configuration and life cycle

    /**
     * Splits workers and queues by NUMA node (before {@link #start()}): workers are spread over the
     * nodes in proportion to their CPUs and pinned to their node's CPUs, fibers started by a fiber
     * stay on its node, fibers from outside go to the least-loaded node, and workers steal from
     * their own node before crossing to nearer nodes first.
     *
     * @throws IllegalStateException if the scheduler has already started
     */
    public void enableNUMAAwareness(boolean enabled) {
        if (runState.get() != RunState.NEW) {
            throw new IllegalStateException("enableNUMAAwareness must be called before start(); " + name + " is already running");
        }
        numaAware = enabled;
    }

    /**
     * Pins worker {@code worker} to {@code cpu}, which must belong to NUMA node {@code node}. Before
     * {@link #start()} it applies when the worker starts, afterwards at the worker's next scheduling
     * point. With NUMA awareness the worker also moves to that node's queues.
     *
     * @throws IllegalArgumentException for an unknown worker, an unknown or CPU-less node, an offline
     *     CPU or a CPU of another node; the message lists the valid choices
     */
    public void setWorkerAffinity(int worker, int cpu, int node) {
        var placement = pinning.request(worker, cpu, node);
        var started = workers;
        if (worker < started.length) {
            started[worker].requestPlacement(placement);
        }
    }

    /**
     * Starts the workers. Fibers started before are queued and run now. Calling it again is a no-op.
     *
     * @throws IllegalStateException if the scheduler was stopped
     */
    public void start() {
        if (runState.start(name)) {
            launch();
        }
    }

    private void launch() {
        var built = buildLayout();
        ticker.start(name + "-ticker");
        for (var w : workers) {
            termination.workerLive();
        }
        nodes = built; // from here on fibers are placed directly; before, they wait in pending
        // Before the workers run: a worker draining its node while the rest are placed made that
        // node look least loaded, and a loaded machine could pile most of them there.
        placement.drainPending();
        for (var w : workers) {
            w.start();
        }
    }

    private PlacementNode[] buildLayout() {
        var built = WorkerLayout.nodes(this, topology, numaAware);
        workers = WorkerLayout.workers(built, workerCount, numaAware, topology, pinning,
                (index, node) -> new Worker(this, index, node, false));
        layoutVersion.incrementAndGet();
        return built;
    }

    /**
     * Stops accepting fibers from outside the scheduler and lets every queued or running fiber
     * finish; the workers then exit. Does not wait: see {@link #awaitTermination} and {@link #close()}.
     */
    public void stop() {
        shutdown();
    }

    @Override
    public void shutdown() {
        int left = runState.shutdown();
        if (left < 0) {
            return;
        }
        if (left == RunState.NEW) {
            launch(); // fibers queued before start() still run
        }
        checkQuiescence();
    }

    /**
     * Stops accepting fibers, cancels the queued fibers that never started and interrupts the running
     * and parked ones.
     *
     * @return the tasks of the fibers that never started
     */
    @Override
    public List<Runnable> shutdownNow() {
        runState.stopNow();
        var queues = new ArrayList<TaskQueue>(List.of(placement.pending()));
        for (var n : nodes) {
            queues.addAll(n.inject.all());
            queues.addAll(n.bound.all());
        }
        for (var w : allWorkers()) {
            queues.addAll(w.local.all());
        }
        var neverRan = placement.cancelNeverStarted(queues, this::countCompleted);
        runners.forEach(r -> {
            var f = r.runningFiber();
            if (f != null) {
                f.interruptRun(r);
            }
        });
        signalAll();
        checkQuiescence();
        return neverRan;
    }

    @Override
    public boolean isShutdown() {
        return runState.get() >= RunState.SHUTDOWN;
    }

    @Override
    public boolean isTerminated() {
        return runState.get() == RunState.TERMINATED;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return termination.await(timeout, unit);
    }

    /**
     * {@link #stop()}, then waits until every fiber has finished and the workers have exited.
     *
     * @throws IllegalStateException if called from one of this scheduler's own fibers, which would wait for itself
     */
    @Override
    public void close() {
        refuseOwnFiber("close()");
        stop();
        termination.awaitUninterruptibly();
    }

    private void refuseOwnFiber(String what) {
        var w = Worker.current();
        if (w != null && w.scheduler == this) {
            throw new IllegalStateException(what + " called from a fiber of scheduler " + name + " would wait for itself");
        }
    }

    // ---------------------------------------------------------------- starting fibers

    /** Starts a fiber at the caller's priority ({@code NORMAL} outside any fiber). */
    public Fiber<Void> go(Runnable task) {
        return spawner.spawnInheriting(task, false);
    }

    /** Starts a fiber at the caller's priority ({@code NORMAL} outside any fiber). */
    public <T> Fiber<T> go(Callable<T> task) {
        return spawner.spawnInheriting(task, false);
    }

    /** Starts a fiber at the given priority. */
    public Fiber<Void> goWithPriority(Fiber.Priority priority, Runnable task) {
        return spawner.spawn(task, priority, -1, false);
    }

    /** Starts a fiber at the given priority. */
    public <T> Fiber<T> goWithPriority(Fiber.Priority priority, Callable<T> task) {
        return spawner.spawn(task, priority, -1, false);
    }

    /**
     * Starts a fiber that runs only on workers of NUMA node {@code node} (with NUMA awareness; without
     * it every worker serves every node).
     *
     * @throws IllegalArgumentException if the topology has no node {@code node} with CPUs
     */
    public Fiber<Void> goOnNode(int node, Fiber.Priority priority, Runnable task) {
        return spawner.spawn(task, priority, checkNode(node), false);
    }

    /** Like {@link #goOnNode(int, Fiber.Priority, Runnable)} for a task with a result. */
    public <T> Fiber<T> goOnNode(int node, Fiber.Priority priority, Callable<T> task) {
        return spawner.spawn(task, priority, checkNode(node), false);
    }

    private int checkNode(int node) {
        return pinning.checkNode(node, numaAware ? nodes : new PlacementNode[0]);
    }

    /** Starts a fiber at the caller's priority; a failure goes to the failure handler (there is no handle). */
    @Override
    public void execute(Runnable task) {
        spawner.spawnInheriting(task, true);
    }

    @Override
    public Fiber<?> submit(Runnable task) {
        return go(task);
    }

    @Override
    public <T> Fiber<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return go(() -> {
            task.run();
            return result;
        });
    }

    @Override
    public <T> Fiber<T> submit(Callable<T> task) {
        return go(task);
    }

    private void signalAll() {
        for (var w : allWorkers()) {
            w.tryWake();
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until every fiber started so far, and every fiber those start, has finished. When it
     * returns, {@link SchedulerStats#completedFibers()} counts all of them. If other threads keep
     * starting fibers it waits for those too (it returns at a moment when no fiber is unfinished).
     *
     * @throws IllegalStateException if called from one of this scheduler's fibers, which would wait for itself
     */
    public void waitAll() {
        waitAll(null);
    }

    /**
     * Like {@link #waitAll()}, giving up after {@code timeout}.
     *
     * @return whether every fiber had finished
     */
    public boolean waitAll(Duration timeout) {
        refuseOwnFiber("waitAll()");
        return quiescence.await(timeout, this);
    }

    void checkQuiescence() {
        if (!quiescence.signalIfQuiescent()) {
            return;
        }
        if (termination.beginIfShutDown()) {
            ticker.stop();
            for (var w : allWorkers()) {
                LockSupport.unpark(w);
            }
        }
    }

    /** A new spare worker (index after the regular workers'), in its node and counted live. */
    Worker newSpare(int spareIndex, PlacementNode node) {
        var spare = new Worker(this, workerCount + spareIndex, node, true);
        node.add(spare);
        layoutVersion.incrementAndGet();
        termination.workerLive();
        return spare;
    }

    // ---------------------------------------------------------------- worker and runner callbacks

    void workerStarted(Worker w) {
        pinning.pinStartingWorker(w, numaAware);
    }

    void workerExited(Worker w) {
        termination.workerExited();
    }

    void applyPlacement(Worker w, Worker.Placement placement) {
        pinning.pinCurrentThread(placement.cpu());
        if (numaAware && w.node.id != placement.node()) {
            var target = WorkerLayout.nodeById(nodes, placement.node());
            w.node.remove(w);
            w.moveTo(target);
            target.add(w);
            layoutVersion.incrementAndGet();
        }
    }

    void fiberStarted(Fiber<?> f, Worker w) {
        w.countRun();
        FiberEvents.started(f, w, ticker.stamp());
    }

    void fiberFinished(Fiber<?> f, Throwable failure, Worker w) {
        FiberEvents.finished(f, failure, w);
        if (failure != null) {
            failures.report(f, failure);
        }
        w.tally.countRun(); // checked for quiescence when w runs dry (ranDry)
    }

    /** A queued fiber was cancelled before it started: it counts as completed now. */
    void cancelledBeforeStart(Fiber<?> f) {
        countCompleted();
    }

    private void countCompleted() {
        quiescence.completedOne();
        if (quiescence.watched() || isShutdown()) { // only they need it; both publish themselves first (see watched)
            checkQuiescence();
        }
    }

    /**
     * A worker found no work (before it searches, retires or parks): the fiber it ran last may have
     * been the last unfinished one. The fence orders its tally's counts before the reads that
     * follow (see {@link Quiescence}).
     */
    void ranDry() {
        VarHandle.fullFence();
        if (quiescence.watched() || isShutdown()) {
            checkQuiescence();
        }
    }

    // ---------------------------------------------------------------- internals shared with workers

    String name() {
        return name;
    }

    boolean fibers() {
        return mode == SchedulerStats.Mode.FIBERS;
    }

    boolean terminating() {
        return termination.terminating();
    }

    /** The aging clock as a {@link Ticker} stamp. */
    int stamp() {
        return ticker.stamp();
    }

    long agingNanos() {
        return agingNanos;
    }

    int layoutVersion() {
        return layoutVersion.get();
    }

    PlacementNode[] nodes() {
        return nodes;
    }

    boolean numaAware() {
        return numaAware;
    }

    /** Every worker and spare ever started. */
    List<Worker> allWorkers() {
        var all = new ArrayList<>(List.of(workers));
        all.addAll(List.of(spares.all()));
        return all;
    }

    /** The topology the scheduler places workers on. */
    public NumaTopology topology() {
        return topology;
    }

    // ---------------------------------------------------------------- statistics

    /** A snapshot of the scheduler's counters. */
    public SchedulerStats getStats() {
        var snapshot = StatsSnapshot.of(placement.pending(), nodes, allWorkers());
        long done = quiescence.completed();
        long accepted = quiescence.submitted();
        return new SchedulerStats(mode, fallbackReason, workerCount, spares.active(), accepted,
                Math.max(0, accepted - done), done, failures.count(), snapshot.queued(), snapshot.steals(),
                topology.nodes().size(), numaAware, snapshot.nodes());
    }

    @Override
    public String toString() {
        return "LightweightScheduler[" + name + ", " + workerCount + " workers, " + mode + (numaAware ? ", NUMA-aware" : "") + "]";
    }

    /** Settings for a {@link LightweightScheduler}. */
    public static final class Builder {
        private int workers;
        private Duration agingBound = DEFAULT_AGING_BOUND;
        private NumaTopology topology;
        private Affinity affinity;
        private boolean numaAware;
        private int maxSpareWorkers = -1;
        private String name;
        private BiConsumer<? super Fiber<?>, ? super Throwable> failureHandler;
        private boolean runToCompletion;

        private Builder() {
        }

        /** Worker threads; default one per available processor. */
        public Builder workers(int workers) {
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * How long a queued fiber waits before it is served one level higher (and again after each
         * further bound). Default {@link #DEFAULT_AGING_BOUND}; the clock ticks every millisecond.
         */
        public Builder agingBound(Duration bound) {
            Objects.requireNonNull(bound, "bound");
            if (bound.compareTo(Duration.ofMillis(1)) < 0 || bound.compareTo(MAX_AGING_BOUND) > 0) {
                throw new IllegalArgumentException("aging bound must be between 1 ms (the aging clock's tick) and "
                        + MAX_AGING_BOUND.toHours() + " h, got " + bound);
            }
            this.agingBound = bound;
            return this;
        }

        /** The machine layout to place workers on; default {@link NumaTopology#detect()}. */
        public Builder topology(NumaTopology topology) {
            this.topology = Objects.requireNonNull(topology, "topology");
            return this;
        }

        /** How workers are pinned to CPUs; default {@link Affinity#system()}. */
        public Builder affinity(Affinity affinity) {
            this.affinity = Objects.requireNonNull(affinity, "affinity");
            return this;
        }

        /** Same as {@link LightweightScheduler#enableNUMAAwareness(boolean)}. */
        public Builder numaAware(boolean numaAware) {
            this.numaAware = numaAware;
            return this;
        }

        /** Most spare workers running at once for fibers in {@link Fiber#blocking}; default max(4, workers). */
        public Builder maxSpareWorkers(int max) {
            if (max < 0 || max > MAX_WORKERS) {
                throw new IllegalArgumentException("maxSpareWorkers must be between 0 and " + MAX_WORKERS + ", got " + max);
            }
            this.maxSpareWorkers = max;
            return this;
        }

        /** Thread-name prefix; default {@code tocin-N}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Called with every fiber whose task throws (after the fiber completed exceptionally). Default:
         * logged, as a warning for tasks started with {@code execute} (nobody holds their fiber).
         */
        public Builder uncaughtExceptionHandler(BiConsumer<? super Fiber<?>, ? super Throwable> handler) {
            this.failureHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Runs tasks to completion on worker threads even where virtual threads are available (for tests). */
        Builder runToCompletion() {
            this.runToCompletion = true;
            return this;
        }

        public LightweightScheduler build() {
            return new LightweightScheduler(this);
        }
    }
}
