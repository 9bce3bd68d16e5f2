package dev.tocin.v8;

import dev.tocin.runtime.Fiber;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one lock that guards a runtime's isolate, and the queue of work waiting for it.
 *
 * <p>A caller that finds the lock free (and nothing queued) takes it with one CAS and runs its call
 * on its own thread. Otherwise it queues an {@link Entry} at its fiber priority and waits. Whoever
 * releases the lock serves the most urgent entry, with aging as the scheduler does (an entry that
 * has waited {@code k} aging bounds counts {@code k} levels more urgent, so BACKGROUND gets through
 * a CRITICAL flood): a waiting caller is <em>granted</em> the lock (it wakes and runs its call
 * itself), a posted job (no waiting thread: a settlement, a timer tick) is handed to the loop
 * thread. A holder that waits (for a promise, a top-level await) <em>takes</em> queued entries and
 * runs them on its own thread instead, so nothing queued can deadlock it.
 *
 * <p>Each entry is claimed once, by CAS on its state; only the owner polls the queues, so there is
 * one consumer. The owner field hands the lock over: the releaser writes the grantee's thread.
 * Re-entry by the owner (JS -> Java -> JS) only counts holds.
 */
final class IsolateLock {
    static final long AGING_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int LEVELS = Fiber.Priority.values().length;

    /** How long a waiter lets others barge in before it asks for strict hand-over. */
    static final long STRICT_AFTER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /**
     * How often an heir that was woken once looks for the free lock by itself while barging callers
     * keep it: their releases then need not wake it (a wake-up, on 2 cores, costs the barger more
     * than its call). It bounds how long a freed lock can stay idle with that heir asleep.
     */
    static final long HEIR_POLL_NANOS = Long.getLong("tocin.heirPollUs", 50) * 1000;
    /** CLAIMING: the owner is taking the entry out of the queue; its waiter keeps waiting. */
    static final int WAITING = 0, GRANTED = 1, TAKEN = 2, FAILED = 3, WITHDRAWN = 4, CLAIMING = 5;

    /** Work waiting for the isolate: a caller's call ({@code waiter} set) or a posted job ({@code waiter} null). */
    static final class Entry {
        final Fiber.Priority priority;
        final long queuedAt;
        final Thread waiter;
        final Runnable job;
        final AtomicInteger state = new AtomicInteger(WAITING);
        /**
         * Set by the waiter before it parks (and re-checks), cleared by whoever wakes it or by the
         * waiter once awake: a release wakes a heir only if it sleeps, as AQS's node status does.
         */
        private volatile boolean parked;
        /** Woken once as the heir of a freed lock: from then on it looks for the free lock itself every {@link #HEIR_POLL_NANOS}. */
        private volatile boolean heir;
        /** When a release last chose it as heir ({@link System#nanoTime}); what {@link #STRICT_AFTER_NANOS} counts from. */
        private volatile long heirSince;

        Entry(Fiber.Priority priority, Thread waiter, Runnable job) {
            this(priority, waiter, job, System.nanoTime());
        }

        Entry(Fiber.Priority priority, Thread waiter, Runnable job, long queuedAt) {
            this.priority = priority;
            this.waiter = waiter;
            this.job = job;
            this.queuedAt = queuedAt;
        }
    }

    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<Entry>[] queues = new ConcurrentLinkedQueue[LEVELS];
    private final AtomicInteger queued = new AtomicInteger();
    /** Waiting entries per level: a caller may barge in only if none is more urgent than it. */
    private final java.util.concurrent.atomic.AtomicIntegerArray waitingAt = new java.util.concurrent.atomic.AtomicIntegerArray(LEVELS);
    /** Set by an heir barged past for {@link #STRICT_AFTER_NANOS}: the next release grants (hands over) instead of letting callers barge. */
    private volatile boolean strict;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    /** The last entry a release woke as its heir; only the owner reads or writes it. */
    private Entry lastHeir;
    /** {@link #arrivals} when {@link #lastHeir} was chosen; owner only. */
    private int arrivalsAtLastHeir;
    /** Entries queued so far (a version, not a count): unchanged, nobody new can be more urgent than the heir. */
    private final AtomicInteger arrivals = new AtomicInteger();
    /** Re-entries of the owner; only the owner reads or writes it. */
    private int holds;

    IsolateLock() {
        for (int i = 0; i < LEVELS; i++) {
            queues[i] = new ConcurrentLinkedQueue<>();
        }
    }

    boolean heldByCurrentThread() {
        return owner.get() == Thread.currentThread();
    }

    Thread owner() {
        return owner.get();
    }

    /** Entries waiting (not counting the owner's call). */
    int queued() {
        return queued.get();
    }

    /** Takes the free lock when nothing is queued; re-entry counts a hold. */
    boolean tryAcquire() {
        return tryAcquire(Fiber.Priority.BACKGROUND, false);
    }

    /**
     * Takes the free lock; re-entry counts a hold. A caller at {@code p} may barge past queued
     * waiters none of which is more urgent, unless one of them has waited long enough to ask for
     * strict hand-over: on 2 cores a hand-over costs a wake-up (tens of microseconds under load),
     * barging lets back-to-back callers go on at raw speed while the woken heir gets ready.
     */
    boolean tryAcquire(Fiber.Priority p) {
        return tryAcquire(p, true);
    }

    private boolean tryAcquire(Fiber.Priority p, boolean mayBarge) {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            holds++;
            return true;
        }
        if ((queued.get() == 0 || (mayBarge && !strict && noneMoreUrgentThan(p.value())))
                && owner.compareAndSet(null, me)) {
            holds = 1;
            return true;
        }
        return false;
    }

    private boolean noneMoreUrgentThan(int level) {
        for (int l = 0; l < level; l++) {
            if (waitingAt.get(l) > 0) {
                return false;
            }
        }
        return true;
    }

    /** A thread the lock was handed to (granted, or the loop thread) starts its hold. */
    void adopt() {
        holds = 1;
    }

    /** Takes the lock if it is free, queued entries or not (the loop thread, to serve them). */
    boolean tryAcquireEvenIfQueued() {
        Thread me = Thread.currentThread();
        if (owner.compareAndSet(null, me)) {
            holds = 1;
            return true;
        }
        return owner.get() == me;
    }

    /** Queues {@code e}; the caller then {@link #await}s it (a caller) or returns (a posted job). */
    void enqueue(Entry e) {
        queues[e.priority.value()].add(e);
        waitingAt.incrementAndGet(e.priority.value());
        queued.incrementAndGet();
        arrivals.incrementAndGet();
    }

    /** Withdraws a still-waiting entry; false when it was already claimed. */
    boolean withdraw(Entry e) {
        if (e.state.compareAndSet(WAITING, WITHDRAWN)) {
            left(e);
            return true;
        }
        return false;
    }

    /**
     * A caller waits until its entry is granted (it then owns the lock), taken (someone else runs
     * its job) or failed. A free lock is taken here and served in order, so an entry queued just as
     * the last owner left is not forgotten. Interrupts are kept for the caller, not acted on.
     *
     * @param loopThread who serves posted jobs when the lock is taken here
     */
    int await(Entry e, Thread loopThread) {
        boolean interrupted = false;
        while (true) {
            int s = e.state.get();
            if (s != WAITING && s != CLAIMING) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return s;
            }
            if (owner.get() == null && owner.compareAndSet(null, Thread.currentThread())) {
                holds = 1;
                dispatch(loopThread, true); // grants the most urgent entry: ours, someone else's, or the loop
                continue;
            }
            if (!e.parked) {
                // Announce the park, then look at the state and the owner once more: a releaser that
                // freed the lock before this store saw no sleeper and woke nobody.
                e.parked = true;
                continue;
            }
            // No spin before parking: on 2 cores a spinning waiter takes the core the holder and the
            // loop thread need (4 callers at once: 0 spins 1,480-1,550 ns per call, 16 spins 1,640-1,730,
            // 64 spins 1,860-2,070; docs/v8.md "Where the 4-thread cost is").
            LockSupport.parkNanos(this, e.heir ? HEIR_POLL_NANOS : STRICT_AFTER_NANOS);
            e.parked = false;
            if (e.heir && e.state.get() == WAITING && System.nanoTime() - e.heirSince > STRICT_AFTER_NANOS) {
                // Barging kept the heir out long enough: the next release hands over. Only the heir
                // asks: the others wait behind it anyway, and counting their whole wait turned the lock
                // strict within one poll of every grant once three callers took turns (a hand-over
                // per ~50 us instead of one per heir).
                strict = true;
            }
            interrupted |= Thread.interrupted();
        }
    }

    /**
     * Releases one hold; the last one hands the lock to the most urgent waiting caller, or to the
     * loop thread when the most urgent entry is a posted job, or frees it.
     */
    void release(Thread loopThread) {
        if (--holds > 0) {
            return;
        }
        dispatch(loopThread, strict);
    }

    /**
     * The owner lets go: {@code grant} hands the lock to the most urgent waiter; otherwise the lock
     * is freed and that waiter (the heir) woken to take it, unless a caller barges in first. Posted
     * jobs are always handed to the loop thread.
     */
    private void dispatch(Thread loopThread, boolean grant) {
        while (true) {
            int seen = arrivals.get();
            if (!grant && lastHeir != null && seen == arrivalsAtLastHeir && lastHeir.state.get() == WAITING) {
                // A barging caller's release: nobody queued since the heir was chosen and it still
                // waits, so it is still the most urgent (aging reorders only over 20 ms, and a waiter
                // turns the lock strict after 500 us) and it already looks for the lock itself.
                owner.set(null);
                return;
            }
            // Nobody waiting (the common release): skip the scan of the five queues. An entry queued
            // meanwhile is caught below, or its waiter finds the lock free, as when the scan misses it.
            Entry best = queued.get() == 0 ? null : peekBest();
            if (best == null) {
                owner.set(null);
                // An entry queued after peekBest saw none, whose waiter saw the lock still owned: serve it.
                if (queued.get() == 0 || !owner.compareAndSet(null, Thread.currentThread())) {
                    return;
                }
                holds = 1;
                continue;
            }
            if (best.waiter == null) {
                // A posted job: the loop thread runs those (it drains them in this same order).
                owner.set(loopThread);
                LockSupport.unpark(loopThread);
                return;
            }
            if (!grant) {
                // Woken once, the heir polls for the lock from then on, so the releases of a caller
                // that keeps barging in do not wake it again. The owner's fields are written before
                // the lock is freed: the next owner reads them.
                boolean newHeir = best != lastHeir;
                if (newHeir) {
                    best.heirSince = System.nanoTime();
                    best.heir = true; // after heirSince: a waiter that reads heir then reads its time
                }
                lastHeir = best;
                arrivalsAtLastHeir = seen;
                owner.set(null);
                if (newHeir) {
                    wakeIfParked(best); // awake, it sees the free lock before it parks
                }
                return;
            }
            if (claim(best, GRANTED)) {
                strict = false;
                LockSupport.unpark(best.waiter);
                return;
            }
            // withdrawn or failed meanwhile: next
        }
    }

    /**
     * Wakes {@code e}'s waiter if it announced a park; called after the change it must see (the lock
     * freed). Both sides write, then read the other's field (volatile), so either the waiter's
     * re-check sees the change or this sees {@code parked}. While a barging caller keeps the lock,
     * this spares its releases the unpark of an heir that is already awake.
     */
    private static void wakeIfParked(Entry e) {
        if (e.parked) {
            e.parked = false;
            LockSupport.unpark(e.waiter);
        }
    }

    /**
     * The owner, while it waits or drains: claims the most urgent waiting entry to run its job on
     * this thread ({@code postedOnly}: only a posted job, so callers keep running their own calls).
     */
    Entry take(boolean postedOnly) {
        while (true) {
            Entry best = peekBest();
            if (best == null || (postedOnly && best.waiter != null)) {
                return null;
            }
            if (claim(best, TAKEN)) {
                if (best.waiter != null) {
                    LockSupport.unpark(best.waiter); // it now waits for its result instead
                }
                return best;
            }
        }
    }

    /** Fails every waiting entry (shutdown) and returns them, so their jobs can be failed too. */
    java.util.List<Entry> failAll() {
        var failed = new java.util.ArrayList<Entry>();
        for (var q : queues) {
            for (Entry e : q) {
                if (e.state.compareAndSet(WAITING, FAILED)) {
                    left(e);
                    failed.add(e);
                    if (e.waiter != null) {
                        LockSupport.unpark(e.waiter);
                    }
                }
            }
        }
        return failed;
    }

    /**
     * Claims the head entry {@code e} of its level; owner only, the single consumer. Everything the
     * owner does to the queue happens before a grant publishes the new owner: the grantee starts
     * using the queue as soon as it sees GRANTED, and the owner field names it before that.
     */
    private boolean claim(Entry e, int to) {
        if (!e.state.compareAndSet(WAITING, CLAIMING)) {
            return false;
        }
        queues[e.priority.value()].remove(e);
        left(e);
        if (to == GRANTED) {
            owner.set(e.waiter);
        }
        e.state.set(to);
        return true;
    }

    private void left(Entry e) {
        waitingAt.decrementAndGet(e.priority.value());
        queued.decrementAndGet();
    }

    /**
     * The most urgent waiting entry, aged, left in its queue; drops claimed heads. Owner only. An
     * entry that has waited k aging bounds counts k levels more urgent; on a tie the older wins.
     */
    private Entry peekBest() {
        long now = System.nanoTime();
        Entry best = null;
        long bestLevel = Long.MAX_VALUE;
        for (int level = 0; level < LEVELS; level++) {
            var q = queues[level];
            Entry head;
            while ((head = q.peek()) != null && head.state.get() != WAITING) {
                q.remove(head); // withdrawn or failed (remove, not poll: never another entry)
            }
            if (head == null) {
                continue;
            }
            long aged = Math.max(0, level - (now - head.queuedAt) / AGING_NANOS);
            if (aged < bestLevel || (aged == bestLevel && head.queuedAt - best.queuedAt < 0)) {
                best = head;
                bestLevel = aged;
            }
        }
        return best;
    }
}
