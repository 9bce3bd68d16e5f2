package dev.tocin.runtime;

import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

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

    private static final System.Logger LOG = System.getLogger(LightweightScheduler.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static LightweightScheduler instance;

    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int SHUTDOWN = 2;
    private static final int STOP = 3;
    private static final int TERMINATED = 4;

    private final String name;
    private final int workerCount;
    private final long agingNanos;
    private final NumaTopology topology;
    private volatile Affinity affinity; // resolved on first pin: linking the native calls is not free
    private final int maxSpares;
    private final BiConsumer<? super Fiber<?>, ? super Throwable> failureHandler;
    private final SchedulerStats.Mode mode;
    private final String fallbackReason;

    private volatile boolean numaAware;
    private final Map<Integer, Worker.Placement> requestedPlacements = new ConcurrentHashMap<>();
    private final AtomicInteger runState = new AtomicInteger(NEW);
    private volatile boolean terminating;
    private final TaskQueue[] pending = new TaskQueue[LEVELS]; // fibers started before start()
    private final Ticker ticker = new Ticker();
    private volatile PlacementNode[] nodes = new PlacementNode[0];
    private volatile Worker[] workers = new Worker[0];
    private final AtomicReference<Worker[]> spares = new AtomicReference<>(new Worker[0]);
    private final AtomicInteger layoutVersion = new AtomicInteger();
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final AtomicInteger idleWorkers = new AtomicInteger();
    private final AtomicInteger blocked = new AtomicInteger();
    private final AtomicInteger activeSpares = new AtomicInteger();
    private final Set<Runner> runners = ConcurrentHashMap.newKeySet();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final LongAdder failed = new LongAdder();
    private final AtomicReference<WaitNode> quiescenceWaiters = new AtomicReference<>();
    private final CountDownLatch terminated = new CountDownLatch(1);

    /** A scheduler with {@code workers} worker threads and default settings; call {@link #start()}. */
    public LightweightScheduler(int workers) {
        this(builder().workers(workers));
    }

    private LightweightScheduler(Builder b) {
        this.name = b.name != null ? b.name : "tocin-" + INSTANCES.incrementAndGet();
        this.topology = b.topology != null ? b.topology : NumaTopology.detect();
        this.workerCount = b.workers > 0 ? b.workers : Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors());
        this.agingNanos = b.agingBound.toNanos();
        this.affinity = b.affinity;
        this.maxSpares = b.maxSpareWorkers >= 0 ? b.maxSpareWorkers : Math.max(4, workerCount);
        this.failureHandler = b.failureHandler;
        this.numaAware = b.numaAware;
        if (b.runToCompletion) {
            mode = SchedulerStats.Mode.RUN_TO_COMPLETION;
            fallbackReason = "run-to-completion mode was requested";
        } else if (VirtualThreads.available()) {
            mode = SchedulerStats.Mode.FIBERS;
            fallbackReason = null;
        } else {
            mode = SchedulerStats.Mode.RUN_TO_COMPLETION;
            fallbackReason = VirtualThreads.unavailableReason();
            VirtualThreads.reportFallbackOnce(fallbackReason);
        }
        for (int i = 0; i < LEVELS; i++) {
            pending[i] = new LinkedQueue();
        }
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
        if (runState.get() != NEW) {
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
        if (worker < 0 || worker >= workerCount) {
            throw new IllegalArgumentException("unknown worker " + worker + "; valid workers are 0.." + (workerCount - 1));
        }
        var numaNode = topology.node(node).filter(n -> !n.cpus().isEmpty()).orElseThrow(() -> new IllegalArgumentException(
                "unknown NUMA node " + node + "; nodes with CPUs: " + cpuNodeIds()));
        if (topology.nodeOfCpu(cpu).isEmpty()) {
            throw new IllegalArgumentException("CPU " + cpu + " is not an online CPU; online CPUs: "
                    + topology.cpus().stream().map(c -> String.valueOf(c.id())).collect(Collectors.joining(", ")));
        }
        if (!numaNode.cpus().contains(cpu)) {
            throw new IllegalArgumentException("CPU " + cpu + " is not in NUMA node " + node + "; node " + node
                    + " has CPUs " + numaNode.cpus() + " and CPU " + cpu + " is in node " + topology.nodeOfCpu(cpu).getAsInt());
        }
        var placement = new Worker.Placement(cpu, node);
        requestedPlacements.put(worker, placement);
        var started = workers;
        if (worker < started.length) {
            var w = started[worker];
            w.pendingPlacement = placement;
            w.tryWake();
        }
    }

    private List<Integer> cpuNodeIds() {
        return topology.nodes().stream().filter(n -> !n.cpus().isEmpty()).map(NumaNode::id).toList();
    }

    /**
     * Starts the workers. Fibers started before are queued and run now. Calling it again is a no-op.
     *
     * @throws IllegalStateException if the scheduler was stopped
     */
    public void start() {
        if (!runState.compareAndSet(NEW, STARTED)) {
            if (runState.get() >= SHUTDOWN) {
                throw new IllegalStateException("scheduler " + name + " was stopped and cannot be started again; create a new one");
            }
            return;
        }
        launch();
    }

    private void launch() {
        var built = buildLayout();
        ticker.start(name + "-ticker");
        for (var w : workers) {
            liveWorkers.incrementAndGet();
            w.start();
        }
        nodes = built; // from here on fibers are placed directly; before, they wait in pending
        drainPending();
    }

    private PlacementNode[] buildLayout() {
        List<NumaNode> cpuNodes = topology.nodes().stream().filter(n -> !n.cpus().isEmpty()).toList();
        PlacementNode[] built;
        if (numaAware) {
            built = new PlacementNode[cpuNodes.size()];
            for (int i = 0; i < built.length; i++) {
                built[i] = new PlacementNode(cpuNodes.get(i).id(), i, toBitSet(cpuNodes.get(i).cpus()));
            }
            for (var from : built) {
                from.byDistance = Arrays.stream(built).filter(to -> to != from)
                        .sorted(Comparator.<PlacementNode>comparingInt(to -> topology.distance(from.id, to.id).orElse(Integer.MAX_VALUE))
                                .thenComparingInt(to -> to.id))
                        .toArray(PlacementNode[]::new);
            }
        } else {
            var all = new BitSet();
            topology.cpus().forEach(c -> all.set(c.id()));
            built = new PlacementNode[] {new PlacementNode(0, 0, all)};
        }
        int[] perNode = numaAware ? proportionalShares(workerCount, cpuNodes) : new int[] {workerCount};
        var created = new Worker[workerCount];
        int next = 0;
        for (int i = 0; i < built.length; i++) {
            for (int k = 0; k < perNode[i]; k++, next++) {
                created[next] = new Worker(this, next, built[i], false);
            }
        }
        for (var w : created) {
            var requested = requestedPlacements.get(w.index);
            if (requested != null && numaAware) {
                w.node = nodeById(built, requested.node());
            }
            w.node.add(w);
        }
        workers = created;
        layoutVersion.incrementAndGet();
        return built;
    }

    /** Largest-remainder split of {@code total} workers in proportion to each node's CPUs. */
    static int[] proportionalShares(int total, List<NumaNode> cpuNodes) {
        int cpus = cpuNodes.stream().mapToInt(n -> n.cpus().size()).sum();
        int[] shares = new int[cpuNodes.size()];
        double[] remainders = new double[shares.length];
        int given = 0;
        for (int i = 0; i < shares.length; i++) {
            double exact = (double) total * cpuNodes.get(i).cpus().size() / cpus;
            shares[i] = (int) exact;
            remainders[i] = exact - shares[i];
            given += shares[i];
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < shares.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1;
            given++;
        }
        return shares;
    }

    private static BitSet toBitSet(List<Integer> cpus) {
        var set = new BitSet();
        cpus.forEach(set::set);
        return set;
    }

    private static PlacementNode nodeById(PlacementNode[] in, int id) {
        for (var n : in) {
            if (n.id == id) {
                return n;
            }
        }
        throw new IllegalArgumentException("NUMA node " + id + " has no workers; nodes with workers: "
                + Arrays.stream(in).map(n -> String.valueOf(n.id)).collect(Collectors.joining(", ")));
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
        while (true) {
            int s = runState.get();
            if (s >= SHUTDOWN) {
                return;
            }
            if (runState.compareAndSet(s, SHUTDOWN)) {
                if (s == NEW) {
                    launch(); // fibers queued before start() still run
                }
                break;
            }
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
        runState.getAndUpdate(s -> Math.max(s, STOP));
        var neverRan = new ArrayList<Runnable>();
        var queues = new ArrayList<TaskQueue>(List.of(pending));
        for (var n : nodes) {
            queues.addAll(List.of(n.inject));
            queues.addAll(List.of(n.bound));
        }
        for (var w : allWorkers()) {
            queues.addAll(List.of(w.local));
        }
        var resumable = new ArrayList<Fiber<?>>();
        for (var q : queues) {
            Fiber<?> f;
            while ((f = q.poll()) != null) {
                var task = f.taskAsRunnable();
                if (f.casState(Fiber.QUEUED, Fiber.DONE)) {
                    f.cancelUnstarted();
                    neverRan.add(task);
                    countCompleted();
                } else if (f.stateValue() == Fiber.READY) {
                    resumable.add(f); // started fibers must resume to see their interrupt and end
                }
            }
        }
        for (var f : resumable) {
            homeOf(f).inject[f.level()].offer(f);
        }
        for (var r : runners) {
            var f = r.fiber;
            if (f != null) {
                r.interrupt(f);
            }
        }
        signalAll();
        checkQuiescence();
        return neverRan;
    }

    @Override
    public boolean isShutdown() {
        return runState.get() >= SHUTDOWN;
    }

    @Override
    public boolean isTerminated() {
        return runState.get() == TERMINATED;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
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
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        return spawn(task, Fiber.currentPriority(), -1, false);
    }

    /** Starts a fiber at the caller's priority ({@code NORMAL} outside any fiber). */
    public <T> Fiber<T> go(Callable<T> task) {
        return spawn(task, Fiber.currentPriority(), -1, false);
    }

    /** Starts a fiber at the given priority. */
    public Fiber<Void> goWithPriority(Fiber.Priority priority, Runnable task) {
        return spawn(task, priority, -1, false);
    }

    /** Starts a fiber at the given priority. */
    public <T> Fiber<T> goWithPriority(Fiber.Priority priority, Callable<T> task) {
        return spawn(task, priority, -1, false);
    }

    /**
     * Starts a fiber that runs only on workers of NUMA node {@code node} (with NUMA awareness; without
     * it every worker serves every node).
     *
     * @throws IllegalArgumentException if the topology has no node {@code node} with CPUs
     */
    public Fiber<Void> goOnNode(int node, Fiber.Priority priority, Runnable task) {
        return spawn(task, priority, checkNode(node), false);
    }

    /** Like {@link #goOnNode(int, Fiber.Priority, Runnable)} for a task with a result. */
    public <T> Fiber<T> goOnNode(int node, Fiber.Priority priority, Callable<T> task) {
        return spawn(task, priority, checkNode(node), false);
    }

    private int checkNode(int node) {
        if (topology.node(node).filter(n -> !n.cpus().isEmpty()).isEmpty()) {
            throw new IllegalArgumentException("unknown NUMA node " + node + "; nodes with CPUs: " + cpuNodeIds());
        }
        var placed = nodes;
        if (placed.length > 0 && numaAware) {
            nodeById(placed, node); // throws if no worker was placed there
        }
        return node;
    }

    /** Starts a fiber at the caller's priority; a failure goes to the failure handler (there is no handle). */
    @Override
    public void execute(Runnable task) {
        spawn(task, Fiber.currentPriority(), -1, true);
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

    private <T> Fiber<T> spawn(Object task, Fiber.Priority priority, int boundNode, boolean detached) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(priority, "priority");
        var f = new Fiber<T>(task, priority, this, boundNode, detached);
        var w = Worker.current();
        if (w != null && w.scheduler != this) {
            w = null;
        }
        admit(w != null);
        f.queuedAt = ticker.now();
        if (nodes.length == 0) {
            pending[f.level()].offer(f);
            if (nodes.length != 0) {
                drainPending(); // start() may have drained before our offer landed
            }
            return f;
        }
        place(f, w);
        return f;
    }

    private void admit(boolean fromOwnFiber) {
        submitted.incrementAndGet();
        int s = runState.get(); // read after counting: stop() either sees this fiber or we see stop()
        if (s >= STOP || (s == SHUTDOWN && !fromOwnFiber)) {
            submitted.decrementAndGet();
            checkQuiescence();
            throw new RejectedExecutionException("scheduler " + name + " is "
                    + (s >= STOP ? "shut down (shutdownNow)" : "stopping (stop/shutdown was called)")
                    + " and accepts no new fibers" + (s == SHUTDOWN ? " from outside its own fibers" : ""));
        }
    }

    private void drainPending() {
        for (int level = 0; level < LEVELS; level++) {
            Fiber<?> f;
            while ((f = pending[level].poll()) != null) {
                place(f, null);
            }
        }
    }

    /** Queues a fiber that has not started yet: its bound node, the submitting worker, or the least-loaded node. */
    private void place(Fiber<?> f, Worker w) {
        int level = f.level();
        PlacementNode target;
        if (f.boundNode >= 0 && numaAware) {
            target = nodeById(nodes, f.boundNode);
            f.home = target;
            target.bound[level].offer(f);
        } else if (w != null) {
            target = w.node;
            f.home = target;
            if (!w.local[level].offer(f)) {
                target.inject[level].offer(f);
            }
        } else {
            target = leastLoaded();
            f.home = target;
            target.inject[level].offer(f);
        }
        signalWork(target);
    }

    private PlacementNode leastLoaded() {
        var all = nodes;
        if (all.length == 1) {
            return all[0];
        }
        PlacementNode best = null;
        double bestLoad = Double.MAX_VALUE;
        int start = ThreadLocalRandom.current().nextInt(all.length); // spreads ties
        for (int k = 0; k < all.length; k++) {
            var n = all[(start + k) % all.length];
            int size = n.workers().length;
            if (size == 0) {
                continue;
            }
            double load = (double) n.sharedQueued() / size;
            if (load < bestLoad) {
                best = n;
                bestLoad = load;
            }
        }
        return best;
    }

    private PlacementNode homeOf(Fiber<?> f) {
        var home = f.home;
        return home != null ? home : nodes[0];
    }

    /** Queues a parked fiber whose runner was unparked, at the fiber's current priority. */
    void resume(Runner runner) {
        var f = runner.fiber;
        if (f == null) {
            f = runner.betweenTasksEntry(); // suspended in our own code between two tasks: it must still run
        }
        f.setState(Fiber.READY);
        f.queuedAt = ticker.now();
        int level = f.level();
        var w = Worker.current();
        PlacementNode target;
        if (f.boundNode >= 0 && numaAware) {
            target = homeOf(f);
            target.bound[level].offer(f);
        } else if (w != null && w.scheduler == this && w.local[level].offer(f)) {
            target = w.node;
        } else {
            var last = runner.worker;
            target = last != null ? last.node : homeOf(f);
            target.inject[level].offer(f);
        }
        signalWork(target);
    }

    /** A priority change: queue the fiber again at its new level; the old entry goes stale. */
    void requeue(Fiber<?> f) {
        int s = f.stateValue();
        if (s != Fiber.QUEUED && s != Fiber.READY) {
            return;
        }
        f.queuedAt = ticker.now();
        int level = f.level();
        if (nodes.length == 0) {
            pending[level].offer(f);
            if (nodes.length != 0) {
                drainPending();
            }
            return;
        }
        var home = homeOf(f);
        (f.boundNode >= 0 && numaAware ? home.bound : home.inject)[level].offer(f);
        signalWork(home);
    }

    /** Wakes an idle worker, preferring {@code preferred}'s, if any is idle. */
    void signalWork(PlacementNode preferred) {
        // Queues publish with release stores; without a full fence the read of idleWorkers could
        // happen before the entry is visible, while a worker going idle misses the entry: lost wake-up.
        VarHandle.fullFence();
        if (idleWorkers.get() == 0) {
            return;
        }
        for (var w : preferred.workers()) {
            if (w.tryWake()) {
                return;
            }
        }
        for (var n : nodes) {
            if (n != preferred) {
                for (var w : n.workers()) {
                    if (w.tryWake()) {
                        return;
                    }
                }
            }
        }
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
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (!quiescent()) {
                var node = new WaitNode(Thread.currentThread());
                WaitNode head;
                do {
                    head = quiescenceWaiters.get();
                    node.next = head;
                } while (!quiescenceWaiters.compareAndSet(head, node));
                if (quiescent()) {
                    return true;
                }
                if (timeout == null) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
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

    private boolean quiescent() {
        long done = completed.get(); // completions first: a fiber counted here was counted as submitted before
        return done == submitted.get();
    }

    private void checkQuiescence() {
        if (!quiescent()) {
            return;
        }
        for (var w = quiescenceWaiters.getAndSet(null); w != null; w = w.next) {
            LockSupport.unpark(w.thread);
        }
        int s = runState.get();
        if (s >= SHUTDOWN && s < TERMINATED && !terminating) {
            terminating = true;
            ticker.stop();
            for (var w : allWorkers()) {
                LockSupport.unpark(w);
            }
            if (liveWorkers.get() == 0) {
                finishTermination();
            }
        }
    }

    private void finishTermination() {
        if (runState.getAndSet(TERMINATED) != TERMINATED) {
            terminated.countDown();
        }
    }

    private static final class WaitNode {
        final Thread thread;
        WaitNode next;

        WaitNode(Thread thread) {
            this.thread = thread;
        }
    }

    // ---------------------------------------------------------------- blocking compensation

    /** A fiber is about to block its worker: make sure a spare worker keeps the queues moving. */
    void beginBlocking(Worker w) {
        int needed = blocked.incrementAndGet();
        while (true) {
            int active = activeSpares.get();
            if (active >= needed || active >= maxSpares || terminating) {
                return;
            }
            if (activeSpares.compareAndSet(active, active + 1)) {
                activateSpare(w.node);
            }
        }
    }

    void endBlocking() {
        blocked.decrementAndGet();
        if (spareShouldRetire()) {
            for (var spare : spares.get()) {
                spare.tryWake(); // an idle spare retires at once instead of at its next wake-up
            }
        }
    }

    private void activateSpare(PlacementNode node) {
        for (var s : spares.get()) {
            if (s.node == node && s.tryReactivate()) {
                return;
            }
        }
        int index = workerCount + spares.get().length;
        var spare = new Worker(this, index, node, true);
        spares.updateAndGet(current -> {
            var next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = spare;
            return next;
        });
        node.add(spare);
        layoutVersion.incrementAndGet();
        liveWorkers.incrementAndGet();
        spare.start();
    }

    boolean spareShouldRetire() {
        return activeSpares.get() > blocked.get();
    }

    /** Called by a spare at a scheduling point: true if it should retire now (and it was counted out). */
    boolean retireSpare(Worker spare) {
        while (true) {
            int active = activeSpares.get();
            if (active <= blocked.get()) {
                return false;
            }
            if (activeSpares.compareAndSet(active, active - 1)) {
                return true;
            }
        }
    }

    // ---------------------------------------------------------------- worker and runner callbacks

    void workerStarted(Worker w) {
        var requested = requestedPlacements.get(w.index);
        if (requested != null && !w.spare) {
            var cpus = new BitSet();
            cpus.set(requested.cpu());
            affinity().pinCurrentThread(cpus);
        } else if (numaAware) {
            affinity().pinCurrentThread((BitSet) w.node.cpus.clone());
        }
    }

    private Affinity affinity() {
        var a = affinity;
        if (a == null) {
            a = Affinity.system();
            affinity = a;
        }
        return a;
    }

    void workerExited(Worker w) {
        if (liveWorkers.decrementAndGet() == 0 && terminating) {
            finishTermination();
        }
    }

    void applyPlacement(Worker w, Worker.Placement placement) {
        var cpus = new BitSet();
        cpus.set(placement.cpu());
        affinity().pinCurrentThread(cpus);
        if (numaAware && w.node.id != placement.node()) {
            var target = nodeById(nodes, placement.node());
            w.node.remove(w);
            w.node = target;
            target.add(w);
            layoutVersion.incrementAndGet();
        }
    }

    void runnerCreated(Runner r) {
        runners.add(r);
    }

    void runnerExited(Runner r) {
        runners.remove(r);
    }

    void fiberStarted(Fiber<?> f, Worker w) {
        w.fibersRun++;
        var event = new FiberStartEvent();
        if (event.shouldCommit()) {
            event.priority = f.priority().name();
            event.worker = w.index;
            event.node = w.node.id;
            event.queuedMillis = (ticker.now() - f.queuedAt) / 1_000_000;
            event.commit();
        }
    }

    void fiberFinished(Fiber<?> f, Throwable failure, Worker w) {
        var event = new FiberEndEvent();
        if (event.shouldCommit()) {
            event.priority = f.priority().name();
            event.worker = w.index;
            event.failed = failure != null;
            event.failure = failure == null ? null : failure.toString();
            event.commit();
        }
        if (failure != null) {
            failed.increment();
            reportFailure(f, failure);
        }
        countCompleted();
    }

    /** A queued fiber was cancelled before it started: it counts as completed now. */
    void cancelledBeforeStart(Fiber<?> f) {
        countCompleted();
    }

    private void countCompleted() {
        completed.incrementAndGet();
        checkQuiescence();
    }

    private void reportFailure(Fiber<?> f, Throwable failure) {
        try {
            if (failureHandler != null) {
                failureHandler.accept(f, failure);
            } else {
                LOG.log(f.detached ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "fiber " + f + " of scheduler " + name + " failed", failure);
            }
        } catch (Throwable handlerFailure) {
            LOG.log(System.Logger.Level.ERROR, "failure handler of scheduler " + name + " threw", handlerFailure);
        }
    }

    void stolen(Fiber<?> f, Worker thief, String victim, boolean remote) {
        var event = new FiberStealEvent();
        if (event.shouldCommit()) {
            event.priority = f.priority().name();
            event.thief = thief.index;
            event.victim = victim;
            event.remote = remote;
            event.commit();
        }
    }

    void workerIdle(int delta) {
        idleWorkers.addAndGet(delta);
    }

    // ---------------------------------------------------------------- internals shared with workers

    String name() {
        return name;
    }

    boolean fibers() {
        return mode == SchedulerStats.Mode.FIBERS;
    }

    boolean terminating() {
        return terminating;
    }

    long now() {
        return ticker.now();
    }

    long agingNanos() {
        return agingNanos;
    }

    int layoutVersion() {
        return layoutVersion.get();
    }

    private List<Worker> allWorkers() {
        var all = new ArrayList<>(List.of(workers));
        all.addAll(List.of(spares.get()));
        return all;
    }

    /** The topology the scheduler places workers on. */
    public NumaTopology topology() {
        return topology;
    }

    // ---------------------------------------------------------------- statistics

    /** A snapshot of the scheduler's counters. */
    public SchedulerStats getStats() {
        var queued = new EnumMap<Fiber.Priority, Integer>(Fiber.Priority.class);
        for (var p : Fiber.Priority.values()) {
            queued.put(p, pending[p.value()].size());
        }
        var nodeStats = new ArrayList<SchedulerStats.NodeStats>();
        long steals = 0;
        var all = allWorkers();
        for (var n : nodes) {
            int nodeQueued = n.sharedQueued();
            for (int level = 0; level < LEVELS; level++) {
                queued.merge(Fiber.Priority.of(level), n.inject[level].size() + n.bound[level].size(), Integer::sum);
            }
            long run = 0;
            long local = 0;
            long remote = 0;
            int count = 0;
            for (var w : all) {
                if (w.node != n) {
                    continue;
                }
                if (!w.isRetired()) {
                    count++;
                }
                run += w.fibersRun;
                local += w.localSteals;
                remote += w.remoteSteals;
                nodeQueued += w.queued();
                for (int level = 0; level < LEVELS; level++) {
                    queued.merge(Fiber.Priority.of(level), w.local[level].size(), Integer::sum);
                }
            }
            steals += local + remote;
            nodeStats.add(new SchedulerStats.NodeStats(n.id, count, run, local, remote, nodeQueued));
        }
        long done = completed.get();
        long accepted = submitted.get();
        return new SchedulerStats(mode, fallbackReason, workerCount, activeSpares.get(), accepted,
                Math.max(0, accepted - done), done, failed.sum(), queued, steals,
                topology.nodes().size(), numaAware, nodeStats);
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
