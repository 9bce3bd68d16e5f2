package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * A platform thread that runs fibers (as the carrier of their runners' virtual threads, or
 * directly in run-to-completion mode). It owns one lock-free queue per priority level that only it
 * appends to ({@link OwnerRing}, growing instead of overflowing) and
 * takes work in this order: the best of its own queues and its node's shared and bound queues
 * (by level, with aging), then steals level by level from the workers of its node and then from
 * other nodes, nearest first. It never blocks on anything a fiber could hold: when there is no
 * work it parks itself and is unparked by whoever queues work.
 */
final class Worker extends Thread {
    /** A worker queue's initial (and resting) capacity. */
    static final int LOCAL_CAPACITY = OwnerRing.INITIAL_CAPACITY;
    /** Take attempts before going idle (each a few summary-word reads; tens of microseconds in all). */
    private static final int SEARCH_ROUNDS = Integer.getInteger("tocin.searchRounds", 256);
    /**
     * Most entries one steal or share moves onto this worker's ring: half of Go's and Tokio's
     * 256-entry local queues, which they steal half of. 32 until issue 18's tenth round: with a
     * backlog of a million, the thief's many small steals and the owner's takes met at one head.
     */
    static final int STEAL_BATCH = 128;
    private static final VarHandle PARKED;
    private static final VarHandle RETIRED;

    static {
        try {
            var lookup = MethodHandles.lookup();
            PARKED = lookup.findVarHandle(Worker.class, "parked", int.class);
            RETIRED = lookup.findVarHandle(Worker.class, "retired", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A requested pinning, applied by the worker itself at its next scheduling point. */
    record Placement(int cpu, int node) {
    }

    final LightweightScheduler scheduler;
    final int index;
    final boolean spare;
    /** Appended to only on this worker's thread (by it or a fiber mounted on it): {@link LevelQueues#owned}. */
    final LevelQueues local = LevelQueues.owned();
    /** Fibers started by fibers on this worker, and fibers run to their end here: written on this worker's thread only. */
    final Quiescence.Tally tally = new Quiescence.Tally();
    // Written by this worker's own thread only (node also before the worker starts, by moveTo);
    // other threads ask through requestPlacement, tryWake and tryReactivate.
    volatile PlacementNode node;
    private volatile Placement pendingPlacement;
    /** Run-to-completion mode only: runs tasks on this thread. */
    final Runner inline;
    /** A parked fiber that a runner claimed but could not resume itself. */
    private Fiber<?> resumeNext;
    /** The claimed fiber that the runner this worker is about to run starts with ({@link #takeFirstForRunner}). */
    private Fiber<?> firstForRunner;
    /** The runner that just ended found no work even after searching: go idle without searching again. */
    private boolean runnerSearchedDry;
    @SuppressWarnings("unused") // accessed through PARKED
    private volatile int parked;
    @SuppressWarnings("unused") // accessed through RETIRED
    private volatile int retired;
    private final StealSources victims = new StealSources();
    /** {@link #takeHalf}'s buffer: this worker's thread only. */
    private final Fiber<?>[] stolen = new Fiber<?>[STEAL_BATCH];
    private int bestEffective; // the effective level of bestPrimary's choice
    // Written by this worker only; read by getStats().
    private long fibersRun;
    private long localSteals;
    private long remoteSteals;
    private long runnersStarted;

    Worker(LightweightScheduler scheduler, int index, PlacementNode node, boolean spare) {
        super(null, null, scheduler.name() + (spare ? "-spare-" : "-worker-") + index, 0, false);
        setDaemon(true);
        this.scheduler = scheduler;
        this.index = index;
        this.node = node;
        this.spare = spare;
        inline = scheduler.fibers() ? null : Runner.inline(this);
    }

    /** Moves this worker to another node's queues: before it starts, or on its own thread. */
    void moveTo(PlacementNode target) {
        node = target;
    }

    /** Asks this worker to pin itself (and move) at its next scheduling point. */
    void requestPlacement(Placement placement) {
        pendingPlacement = placement;
        tryWake();
    }

    void countRun() {
        fibersRun++;
    }

    long fibersRun() {
        return fibersRun;
    }

    long localSteals() {
        return localSteals;
    }

    long remoteSteals() {
        return remoteSteals;
    }

    /** Runners (virtual threads) this worker started; read by tests. */
    long runnersStarted() {
        return runnersStarted;
    }

    /** The worker carrying the calling code (a worker thread or a fiber on one), or null. */
    static Worker current() {
        if (Thread.currentThread() instanceof Worker w) {
            return w;
        }
        Runner r = Runner.current();
        return r == null ? null : r.worker;
    }

    @Override
    public void run() {
        scheduler.workerStarted(this);
        try {
            loop();
        } finally {
            scheduler.workerExited(this);
        }
    }

    private void loop() {
        while (true) {
            // First the fiber a runner claimed and handed back: it is in no queue any more, so
            // nothing else (retiring, re-pinning) may come between the claim and its resumption.
            Fiber<?> f = resumeNext;
            if (f != null) {
                resumeNext = null;
                var runner = f.runner();
                mount(runner, runner.continuation);
                continue;
            }
            var placement = pendingPlacement;
            if (placement != null) {
                pendingPlacement = null;
                scheduler.applyPlacement(this, placement);
            }
            if (spare && scheduler.spares.retire()) {
                scheduler.ranDry(); // the fiber it ran last may have been the last unfinished one
                if (!retire()) {
                    return;
                }
                continue;
            }
            if (runnerSearchedDry) {
                runnerSearchedDry = false; // its runner has just looked, searched and found nothing
                f = null;
            } else {
                f = findOrSearch();
            }
            if (f != null) {
                dispatch(f);
            } else if (scheduler.terminating()) {
                // A priority change racing with the last completion may queue a stale entry after the
                // take above (FiberPlacement.requeue): take once more, which drops it, then leave.
                f = findWork();
                if (f == null) {
                    return;
                }
                dispatch(f);
            } else {
                idle();
            }
        }
    }

    private void dispatch(Fiber<?> f) {
        if (inline == null && f.runner() instanceof Runner parked) {
            mount(parked, parked.continuation);
            return;
        }
        firstForRunner = f; // a runner that starts here, or the run-to-completion one, runs f first
        if (inline != null) {
            inline.run();
        } else {
            var runner = Runner.virtual(this);
            runnersStarted++;
            runner.slot = scheduler.runners.add(runner);
            mount(runner, runner.start());
        }
    }

    private void mount(Runner runner, Runnable continuation) {
        runner.worker = this;
        continuation.run();
    }

    /** For a runner starting on this worker (on its thread): the fiber it runs first. */
    Fiber<?> takeFirstForRunner() {
        var f = firstForRunner;
        firstForRunner = null;
        return f;
    }

    /**
     * For a runner mounted on this worker that finished a task: the next never-started fiber to
     * run, or null if the runner should end (nothing to do, a parked fiber to resume, or the worker
     * has something to do at its own scheduling point).
     */
    Fiber<?> nextTaskForRunner() {
        if (pendingPlacement != null || (spare && scheduler.spares.shouldRetire())) {
            return null;
        }
        Fiber<?> f = findOrSearch();
        if (f == null) {
            runnerSearchedDry = true;
        } else if (f.runner() != null) {
            resumeNext = f;
            return null;
        }
        return f;
    }

    /**
     * The best available fiber, or after a bounded search null. The runner mounted on this worker
     * searches before it ends, not the worker after it: a runner that ended whenever a steal came
     * back empty cost a new virtual thread per gap in a producer's stream (100-350 per 10,000
     * internal spawns; docs/scheduler.md, "Eighth round").
     */
    private Fiber<?> findOrSearch() {
        Fiber<?> f = findWork();
        if (f == null) {
            scheduler.ranDry(); // the fiber it ran last may have been the last unfinished one
            f = search();
        }
        return f;
    }

    /**
     * Claims the best available fiber: own and node queues by (aged) level, then steals. Null only
     * when this worker's own rings are empty too: a stolen batch whose oldest entry was stale (its
     * fiber had finished, or moved to another level) leaves the rest on this worker's ring, which is
     * looked at again, or a worker leaving at termination would keep those entries.
     */
    Fiber<?> findWork() {
        PlacementNode n = node;
        while (true) {
            Fiber<?> lone = takeLoneLevel(n);
            if (lone != null) {
                return lone;
            }
            int best;
            while ((best = bestPrimary(n)) >= 0) {
                if (bestEffective > 0) {
                    // A more urgent fiber queued at another worker goes first: levels mean the same everywhere.
                    Fiber<?> urgent = steal(n, bestEffective);
                    if (urgent != null) {
                        return urgent;
                    }
                }
                var queues = primary(n, best / LightweightScheduler.LEVELS);
                int level = best % LightweightScheduler.LEVELS;
                Fiber<?> f = queues == local ? local.pollOwn(level) // findWork runs on this worker
                        : queues == n.inject && (local.nonEmpty() & (1 << level)) == 0 ? takeShare(n, level)
                        : queues.poll(level);
                if (f != null && claim(f, queues, level)) {
                    return f;
                }
            }
            Fiber<?> taken = steal(n, LightweightScheduler.LEVELS);
            if (taken != null || local.nonEmpty() == 0) { // a bit left set on an empty ring is cleared by the next look
                return taken;
            }
        }
    }

    /**
     * The common case without the comparison: this worker's own rings are flagged at one level
     * only, the node's queues not at all, and no other worker's queue at a more urgent level. Aging
     * only orders candidates against each other (and decides whether a more urgent steal goes first),
     * so the oldest entry of that level is the choice, taken without a peek at it or a read of the
     * clock. A thief working through a stolen batch takes this way; it cut the time per task of a
     * 10,000-child burst by about a third (docs/scheduler.md, "Ninth round"). Null otherwise, or if
     * the entry was stale; the full choice follows.
     */
    private Fiber<?> takeLoneLevel(PlacementNode n) {
        int own = local.nonEmpty();
        if (own == 0 || (own & (own - 1)) != 0 || n.inject.nonEmpty() != 0 || (n.boundUsed() && n.bound.nonEmpty() != 0)) {
            return null;
        }
        int elsewhere = 0;
        for (var source : victims.of(this, n)) {
            elsewhere |= source.queues().nonEmpty();
        }
        if ((elsewhere & (own - 1)) != 0) {
            return null; // a more urgent level elsewhere: steal it first
        }
        int level = Integer.numberOfTrailingZeros(own);
        Fiber<?> f = local.pollOwn(level);
        return f != null && claim(f, local, level) ? f : null;
    }

    private LevelQueues primary(PlacementNode n, int source) {
        return source == 0 ? local : source == 1 ? n.inject : n.bound;
    }

    /**
     * Takes ownership of a polled entry. An entry whose fiber has run or is running is stale and
     * dropped. An entry at a level the fiber no longer has (its priority changed after the entry was
     * queued) moves to the fiber's level, so a fiber is never lost between its old and new entry:
     * in the same set of queues, except a worker's own ({@link LevelQueues#ownerOnly}), which only
     * its owner may append to, so the entry moves to the node's shared queue (as a full ring's did).
     */
    static boolean claim(Fiber<?> f, LevelQueues queues, int level) {
        int s = f.stateValue();
        if (s != Fiber.QUEUED && s != Fiber.READY) {
            return false;
        }
        int current = f.level();
        if (current != level) {
            if (queues.ownerOnly() || !queues.offer(current, f)) {
                f.home().inject.offer(current, f);
            }
            return false;
        }
        return s == Fiber.QUEUED ? f.casState(Fiber.QUEUED, Fiber.RUNNING) : f.casState(Fiber.READY, Fiber.RUNNING);
    }

    /**
     * The queue (source * LEVELS + level, or -1) whose oldest entry should run next: the lowest effective level, where an entry is
     * served one level higher per aging bound it has waited; ties go to the entry that has waited
     * longest. Only the levels flagged in the three summary words are peeked at (usually one).
     */
    private int bestPrimary(PlacementNode n) {
        int best = -1;
        int bestLevel = Integer.MAX_VALUE;
        int sources = n.boundUsed() ? 3 : 2; // worker ring, node queue, and bound queue once used
        int levels = local.nonEmpty() | n.inject.nonEmpty() | (sources == 3 ? n.bound.nonEmpty() : 0);
        if (levels == 0) {
            bestEffective = bestLevel;
            return best;
        }
        int now = scheduler.stamp();
        long aging = scheduler.agingNanos();
        int bestQueuedAt = 0; // compared only once a head has set it
        for (; levels != 0; levels &= levels - 1) {
            int level = Integer.numberOfTrailingZeros(levels);
            for (int source = 0; source < sources; source++) {
                Fiber<?> head = source == 0 ? local.peekOwn(level) : (source == 1 ? n.inject : n.bound).peek(level);
                if (head == null) {
                    continue;
                }
                int queuedAt = head.queuedAt;
                long waited = Ticker.nanosBetween(queuedAt, now);
                int effective = waited < aging ? level : (int) Math.max(0, level - waited / aging);
                if (effective < bestLevel || (effective == bestLevel && queuedAt - bestQueuedAt < 0)) {
                    best = source * LightweightScheduler.LEVELS + level;
                    bestLevel = effective;
                    bestQueuedAt = queuedAt;
                }
            }
        }
        bestEffective = bestLevel;
        return best;
    }

    /** Steals the most urgent fiber at a level below {@code levels}: own node first, then nearer nodes. */
    private Fiber<?> steal(PlacementNode n, int levels) {
        var sources = victims.of(this, n);
        int flagged = 0; // one summary word per victim instead of a peek per victim and level
        for (var source : sources) {
            flagged |= source.queues().nonEmpty();
        }
        flagged &= (1 << levels) - 1;
        for (; flagged != 0; flagged &= flagged - 1) {
            int level = Integer.numberOfTrailingZeros(flagged);
            for (var source : sources) {
                var q = source.queues();
                if (!q.ownerOnly() && q.peek(level) == null) {
                    continue; // only a node's queue: its peek clears the bit of an empty one (a ring's poll says as much)
                }
                Fiber<?> f;
                while ((f = q.ownerOnly() ? takeHalf(source, level) : q.poll(level)) != null) {
                    if (claim(f, source.queues(), level)) {
                        countSteal(f, source);
                        return f;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Steals up to half of another worker's ring at {@code level} with one CAS (at most
     * {@link #STEAL_BATCH}); returns the oldest and appends the rest, in order and with their queue
     * stamps, to this worker's own ring, where it takes them without touching the victim's lines
     * again and other workers may steal them in turn. Taking one entry at a time, a stealer worked
     * right behind a producer, and after it the owner and the stealer took turns at the same head;
     * this cut the time per task of a 10,000-child burst by about a fifth (docs/scheduler.md,
     * "Ninth round").
     */
    private Fiber<?> takeHalf(StealSources.Source victim, int level) {
        int n = victim.queues().pollHalf(level, stolen);
        for (int i = 1; i < n; i++) {
            countSteal(stolen[i], victim); // taken from the victim as much as the first (claimed by our caller)
        }
        return keepRest(level, n);
    }

    /**
     * Takes this worker's share of its node's shared queue at {@code level} (its size divided among
     * the node's workers, plus one; at most {@link #STEAL_BATCH}) with one CAS, as Go's scheduler
     * takes from its global queue: returns the oldest, and the rest wait on this worker's ring. Only
     * when that ring is empty at the level: it then holds nothing younger than the batch, so the
     * order by waiting time holds (one worker: FIFO within a level). Taking one entry per CAS, the
     * workers met at the queue's head once per task during a burst from outside.
     */
    private Fiber<?> takeShare(PlacementNode n, int level) {
        int max = Math.min(STEAL_BATCH, n.inject.size(level) / Math.max(1, n.workers().length) + 1); // none listed: a layout change in flight
        return keepRest(level, n.inject.poll(level, stolen, max));
    }

    /** After a batch of {@code n} entries was taken into {@code stolen}: queues all but the first on this worker's own ring; returns the first. */
    private Fiber<?> keepRest(int level, int n) {
        if (n == 0) {
            return null;
        }
        var first = stolen[0];
        if (n > 1) {
            local.offerAll(level, stolen, 1, n);
            scheduler.idle.wake(node, scheduler.nodes()); // after offerAll's fence, as FiberPlacement's enqueue
        }
        Arrays.fill(stolen, 0, n, null);
        return first;
    }

    /** A fiber taken from another worker's ring or another node's queue: the stats and the JFR event. */
    private void countSteal(Fiber<?> f, StealSources.Source victim) {
        boolean remote = victim.node() != node;
        if (remote) {
            remoteSteals++;
        } else {
            localSteals++;
        }
        FiberEvents.stolen(f, this, victim.victim(), remote);
    }

    /**
     * Looks for work a little longer before going idle: a worker that has just run dry usually
     * finds the producer's next entry within microseconds, and while it searches it is not counted
     * as idle, so producers do not pay for waking it (an atomic and an {@code unpark} system call
     * per submission when workers outrun a producer). Bounded, so an idle scheduler parks soon.
     * Null when nothing came, or the worker has something else to do at its scheduling point.
     */
    private Fiber<?> search() {
        for (int i = 0; i < SEARCH_ROUNDS; i++) {
            Thread.onSpinWait();
            if (pendingPlacement != null || scheduler.terminating() || (spare && scheduler.spares.shouldRetire())) {
                return null;
            }
            Fiber<?> f = findWork();
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The consumer half of the wake protocol (see {@link IdleWorkers}): announce, then re-check. */
    void announceIdle() {
        PARKED.setVolatile(this, 1);
        scheduler.idle.changed(1);
    }

    /** The idle re-check: peeks the queues themselves, not their summary words (see {@link LevelQueues}). */
    boolean hasVisibleWork(PlacementNode n) {
        if (local.anyQueued() || n.inject.anyQueued() || n.bound.anyQueued()) {
            return true;
        }
        for (var source : victims.of(this, n)) {
            if (source.queues().anyQueued()) {
                return true;
            }
        }
        return false;
    }

    /** Parks until someone queues work (or placement, retirement or termination needs attention). */
    private void idle() {
        local.tidy(); // before sleeping: drop the rings' references to fibers already claimed
        announceIdle();
        // Re-check after announcing: a producer either sees us parked or we see its entry.
        if (hasVisibleWork(node) || pendingPlacement != null || scheduler.terminating()
                || (spare && scheduler.spares.shouldRetire())) {
            unpark();
            return;
        }
        while ((int) PARKED.getVolatile(this) == 1 && !scheduler.terminating() && pendingPlacement == null) {
            LockSupport.park(this);
        }
        unpark();
    }

    private void unpark() {
        if (PARKED.compareAndSet(this, 1, 0)) {
            scheduler.idle.changed(-1);
        }
    }

    /** Wakes this worker if it is parked idle; false if it was not. */
    boolean tryWake() {
        if (PARKED.compareAndSet(this, 1, 0)) {
            scheduler.idle.changed(-1);
            LockSupport.unpark(this);
            return true;
        }
        return false;
    }

    boolean isIdle() {
        return (int) PARKED.getVolatile(this) == 1;
    }

    /** A spare no longer needed: hands its queued fibers to its node and waits to be needed again. */
    private boolean retire() {
        for (int level = 0; level < LightweightScheduler.LEVELS; level++) {
            Fiber<?> f;
            while ((f = local.poll(level)) != null) {
                node.inject.offer(level, f);
            }
        }
        local.tidy(); // a retired spare keeps no claimed fibers reachable, nor a burst's array
        RETIRED.setVolatile(this, 1);
        scheduler.idle.signal(node, scheduler.nodes());
        while ((int) RETIRED.getVolatile(this) == 1) {
            if (scheduler.terminating()) {
                return false;
            }
            LockSupport.park(this);
        }
        return true;
    }

    boolean isRetired() {
        return (int) RETIRED.getVolatile(this) == 1;
    }

    /** Brings a retired spare back; false if it was not retired. */
    boolean tryReactivate() {
        if (RETIRED.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(this);
            return true;
        }
        return false;
    }

    int queued() {
        return local.size();
    }
}
