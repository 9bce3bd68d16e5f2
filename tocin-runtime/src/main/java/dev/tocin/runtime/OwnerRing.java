package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's own queue at one level: a FIFO ring that only its owner appends to and that grows
 * instead of overflowing, polled by the owner and by stealers (single producer, many consumers).
 * A task that starts a million children therefore puts them all in one array (no linked node, no
 * CAS per child) where the old bounded ring sent all but 256 to the node's linked queue (a 24-byte
 * node and two CASes each; docs/scheduler.md, "Where the spawn time goes").
 *
 * <p>Positions are {@code long}s that only grow; {@code head <= tail} always. The owner writes the
 * entry at {@code tail} and then releases {@code tail + 1}; consumers claim position {@code h} by
 * a CAS of {@code head} from {@code h} to {@code h + 1}, so {@code head} is the only contended
 * word. The owner writes position {@code p} into the slot of {@code p - capacity} only after it
 * read {@code head > p - capacity}, so a consumer whose CAS from {@code h} succeeds read a slot
 * that held position {@code h} (head was {@code h} all along, so nothing overwrote it): the entry
 * it returns is the one at {@code h}, as in Chase and Lev's deque, whose steal this is.
 *
 * <p>Growth (owner only): a new array twice the size receives the positions {@code [head, tail)}
 * read by the owner and is published before the next entry; a consumer that reads it after its
 * acquire of {@code tail} sees every position it can still claim (positions below the owner's read
 * of {@code head} are claimed already, so its CAS on them fails). When the owner goes idle and finds
 * the ring empty and large ({@link #tidy}), it installs a fresh small array the same way (nothing
 * to copy), so a burst's array does not outlive the busy period, while back-to-back bursts of a
 * busy worker reuse it (as {@code ForkJoinPool}'s deques do, which never shrink).
 *
 * <p>Consumers never clear a slot (the owner may be writing the slot's next position at that
 * moment, possibly with the same fiber). Instead the owner clears slots of claimed positions that
 * it has not reused ({@link #clearClaimed}), so a finished fiber is not kept reachable by a slot:
 * when it finds the ring empty, and, since issue 18's fifth round, in {@link #offer} once
 * {@code clearBatch} positions were claimed since it last cleared. Before, a task that started a
 * million children while a stealer ran them kept every finished child reachable from the grown
 * array until the burst ended, and each young collection copied them: 100-360 ms pauses and
 * 100-300 MB surviving per collection where {@code ForkJoinPool}'s stealers null their slot
 * (docs/scheduler.md, "Fifth round").
 *
 * <p>Only the owner may call {@link #offer} and {@link #pollOwn}; the owner is the worker's carrier
 * thread, or a fiber mounted on it ({@code Worker.current()}), which is one thread at a time.
 */
final class OwnerRing implements TaskQueue {
    static final int INITIAL_CAPACITY = 256;
    /** Claimed positions after which the owner's offer clears their slots: four cache lines of references. */
    static final int CLEAR_BATCH = 64;
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Fiber[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle TAIL_SEEN;
    private static final VarHandle ITEMS;

    static {
        try {
            var lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(OwnerRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(OwnerRing.class, "tail", long.class);
            TAIL_SEEN = lookup.findVarHandle(OwnerRing.class, "tailSeen", long.class);
            ITEMS = lookup.findVarHandle(OwnerRing.class, "items", Fiber[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int initialCapacity;
    private final int clearBatch;
    private volatile Fiber<?>[] items;
    /** Owner only: positions below it have had their slots cleared (or reused). */
    private long cleared;
    /**
     * Owner only: {@code head} as the owner last read it, a lower bound (head only grows). An offer
     * reads {@code head} itself only when this bound says "full" or {@code clearBatch} offers after
     * the last read: the stealers write {@code head} on every take, so reading it on every offer
     * moved its cache line to the owner and back once per stolen entry (issue 18's fifth round).
     */
    private long headSeen;
    /** Owner only: the tail at which an offer next reads {@code head}. */
    private long nextHeadRead;
    /** Owner only: arrays replaced by {@link #grow} that still reference fibers, oldest first. */
    private Retired retired;
    // Padding keeps the consumers' head and the owner's tail on different cache lines.
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long head;
    /**
     * Consumers only: a value of {@code tail} that a consumer read, on head's line. Positions below
     * it hold published entries, so a poll reads {@code tail} itself, whose line the owner writes
     * on every offer, only when {@code head} has caught up with this bound: once per backlog instead
     * of once per entry (issue 18's seventh round; a stealer's poll missed in the cache on
     * {@code tail}, on the slot and on the fiber, about 17 ns per stolen entry).
     */
    @SuppressWarnings("unused") // accessed through TAIL_SEEN
    private long tailSeen;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    private volatile long tail;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    OwnerRing() {
        this(INITIAL_CAPACITY);
    }

    OwnerRing(int initialCapacity) {
        this(initialCapacity, CLEAR_BATCH);
    }

    /** A ring whose offers clear claimed slots every {@code clearBatch} claimed positions (tests use 1). */
    OwnerRing(int initialCapacity, int clearBatch) {
        if (initialCapacity < 2 || Integer.bitCount(initialCapacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 2, got " + initialCapacity);
        }
        if (clearBatch < 1) {
            throw new IllegalArgumentException("clear batch must be >= 1, got " + clearBatch);
        }
        this.initialCapacity = initialCapacity;
        this.clearBatch = clearBatch;
        items = new Fiber<?>[initialCapacity];
    }

    /** Owner only. Appends; never full (the array grows). */
    @Override
    public boolean offer(Fiber<?> fiber) {
        long t = (long) TAIL.getOpaque(this); // only the owner writes tail
        var a = items;
        long h = headSeen; // <= head: room by this bound is room
        if (t - h >= a.length || t >= nextHeadRead) {
            h = (long) HEAD.getVolatile(this);
            headSeen = h;
            nextHeadRead = t + clearBatch;
            if (t - h >= a.length) {
                a = grow(a, h, t);
            } else if (h - cleared >= clearBatch) {
                clear(a, h, t); // stealers are emptying the ring while we fill it: let their fibers go
            }
            clearRetired(h);
        }
        ITEM.setRelease(a, (int) t & (a.length - 1), fiber);
        TAIL.setRelease(this, t + 1); // publishes the entry (and a grown array) to consumers
        return true;
    }

    /**
     * Owner only: doubles the array, copying the positions not yet claimed when {@code head} was
     * read. The old array is retired, not dropped: a consumer that read it before may still claim
     * one of its positions, so its slots are cleared as {@code head} passes them
     * ({@link #clearRetired}). Before issue 18's seventh round nothing cleared it, and a burst's
     * large arrays, which G1 allocates as humongous objects in the old generation and frees only
     * after a marking cycle, kept every fiber they had held alive: each young collection of a
     * million-child burst promoted about 40 MB of finished fibers.
     */
    private Fiber<?>[] grow(Fiber<?>[] old, long h, long t) {
        var a = new Fiber<?>[old.length << 1];
        for (long p = h; p < t; p++) {
            a[(int) p & (a.length - 1)] = old[(int) p & (old.length - 1)];
        }
        var r = new Retired(old, Math.max(cleared, t - old.length), t);
        if (retired == null) {
            retired = r;
        } else {
            var last = retired;
            while (last.next != null) {
                last = last.next;
            }
            last.next = r;
        }
        cleared = h; // the new array holds no position below h
        ITEMS.setRelease(this, a);
        clearRetired(h);
        return a;
    }

    /**
     * Owner only: clears the slots of retired arrays whose positions are below {@code h} (claimed;
     * a consumer still holding an older head reads null there and its CAS fails, as in
     * {@link #clear}) and forgets an array once every position it held is cleared.
     */
    private void clearRetired(long h) {
        Retired keep = null;
        Retired last = null;
        for (var r = retired; r != null; r = r.next) {
            long to = Math.min(h, r.until);
            for (long p = r.clearedTo; p < to; p++) {
                ITEM.setOpaque(r.array, (int) p & (r.array.length - 1), null);
            }
            r.clearedTo = Math.max(r.clearedTo, to);
            if (r.clearedTo < r.until) {
                if (last == null) {
                    keep = r;
                } else {
                    last.next = r;
                }
                last = r;
            }
        }
        if (last != null) {
            last.next = null;
        }
        retired = keep;
    }

    /** An array replaced by {@link #grow}: positions {@code [clearedTo, until)} may still be referenced in it. */
    private static final class Retired {
        final Fiber<?>[] array;
        final long until;
        long clearedTo;
        Retired next;

        Retired(Fiber<?>[] array, long clearedTo, long until) {
            this.array = array;
            this.clearedTo = clearedTo;
            this.until = until;
        }
    }

    /**
     * Any thread: removes the oldest entry, or null if the ring was empty when looked at.
     */
    @Override
    public Fiber<?> poll() {
        while (true) {
            long h = (long) HEAD.getVolatile(this);
            long t = boundFor(h);
            if (t - h <= 0) {
                return null;
            }
            var a = items; // read after the bound: holds position h, or the CAS below fails
            var f = (Fiber<?>) ITEM.getAcquire(a, (int) h & (a.length - 1));
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return f;
            }
        }
    }

    /**
     * Any thread (a stealer): claims the oldest entries with one CAS, at most {@code out.length}
     * and half of those queued (at least one), into {@code out}; returns how many (0: empty when
     * looked at). As in {@link #poll}, for every position: head was {@code h} until the CAS, so none
     * of {@code [h, h + n)} was cleared or reused (the owner reuses a slot only after reading a head
     * past its position), and {@code n <= t - h} keeps them below the bound.
     */
    int pollHalf(Fiber<?>[] out) {
        while (true) {
            long h = (long) HEAD.getVolatile(this);
            long t = boundFor(h);
            if (t - h <= 0) {
                return 0;
            }
            int n = (int) Math.min(out.length, (t - h + 1) / 2);
            var a = items;
            for (int i = 0; i < n; i++) {
                out[i] = (Fiber<?>) ITEM.getAcquire(a, (int) (h + i) & (a.length - 1));
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                return n;
            }
        }
    }

    /**
     * A bound on the positions a consumer that read head {@code h} may claim ({@code <= h}: the
     * ring was empty when {@code tail} was read). {@code tailSeen} is as good as {@code tail}: the
     * consumer that stored it had acquired that tail, and its release store passes the entries (and
     * a grown array) on to us. It is only ever a tail that was read, so it never runs ahead of
     * {@code tail}, and an empty ring found fresh by {@link #tidy} has {@code head == tail >= tailSeen}.
     */
    private long boundFor(long h) {
        long t = (long) TAIL_SEEN.getAcquire(this);
        if (t - h <= 0) {
            t = (long) TAIL.getAcquire(this);
            if (t - h > 0) {
                TAIL_SEEN.setRelease(this, t); // racing consumers may store an older tail: still a bound
            }
        }
        return t;
    }

    /** Owner only: {@link #poll}, and when the ring is found empty, clears the slots of claimed positions. */
    Fiber<?> pollOwn() {
        var f = poll();
        if (f == null) {
            clearClaimed();
        }
        return f;
    }

    /**
     * Owner only: drops the references held by slots whose positions were claimed (by anyone) and
     * not yet reused. A slot of position {@code p} is reused by {@code p + capacity} once that was
     * written, so only positions in {@code [max(cleared, tail - capacity), head)} are cleared; a
     * consumer still holding an older head reads null there and its CAS fails, as head moved on.
     */
    void clearClaimed() {
        long t = (long) TAIL.getOpaque(this);
        long h = (long) HEAD.getVolatile(this);
        clear(items, h, t);
        clearRetired(h);
    }

    /** Owner only: {@link #clearClaimed} for a {@code head} and {@code tail} it has just read. */
    private void clear(Fiber<?>[] a, long h, long t) {
        long from = Math.max(cleared, t - a.length);
        for (long p = from; p < h; p++) {
            ITEM.setOpaque(a, (int) p & (a.length - 1), null);
        }
        if (h > cleared) {
            cleared = h;
        }
    }

    /**
     * Owner only (before it goes idle): {@link #clearClaimed}, or, if the ring is empty and a burst
     * grew it, a fresh small array in place of the large one (published like a grown array; every
     * position below {@code head == tail} is claimed, so no consumer can still need the old one).
     */
    void tidy() {
        long t = (long) TAIL.getOpaque(this);
        long h = (long) HEAD.getVolatile(this);
        clear(items, h, t); // also in an array about to be dropped: a consumer may still hold it
        clearRetired(h);
        if (h == t && items.length > initialCapacity) {
            ITEMS.setRelease(this, new Fiber<?>[initialCapacity]);
        }
    }

    /**
     * The head entry, or null only if the ring was empty when {@code tail} was read: a head claimed
     * meanwhile makes it look again, which {@link LevelQueues} relies on before it clears a level's bit.
     */
    @Override
    public Fiber<?> peek() {
        while (true) {
            long h = (long) HEAD.getVolatile(this);
            long t = (long) TAIL.getAcquire(this);
            if (t - h <= 0) {
                return null; // head == tail at the moment tail was read
            }
            var a = items;
            var f = (Fiber<?>) ITEM.getAcquire(a, (int) h & (a.length - 1));
            if ((long) HEAD.getVolatile(this) == h && f != null) {
                return f; // head was h all along, so the slot held position h
            }
        }
    }

    @Override
    public int size() {
        long h = (long) HEAD.getVolatile(this);
        long t = (long) TAIL.getVolatile(this);
        return (int) Math.max(0, Math.min(t - h, Integer.MAX_VALUE));
    }

    /** Slots still referencing a fiber whose position was claimed (tests: what the ring keeps reachable). */
    int claimedStillReferenced() {
        long h = (long) HEAD.getVolatile(this);
        long t = (long) TAIL.getOpaque(this);
        var a = items;
        int n = 0;
        for (long p = Math.max(0, t - a.length); p < h; p++) {
            if (ITEM.getVolatile(a, (int) p & (a.length - 1)) != null) {
                n++;
            }
        }
        return n + retiredStillReferenced(h);
    }

    /** Slots of arrays replaced by a grow that still reference a fiber claimed below {@code h} (tests; the owner's thread). */
    int retiredStillReferenced(long h) {
        int n = 0;
        for (var r = retired; r != null; r = r.next) {
            for (long p = Math.max(0, r.until - r.array.length); p < Math.min(h, r.until); p++) {
                n += ITEM.getVolatile(r.array, (int) p & (r.array.length - 1)) != null ? 1 : 0;
            }
        }
        return n;
    }

    /** {@link #retiredStillReferenced(long)} for the current head (tests). */
    int retiredStillReferenced() {
        return retiredStillReferenced((long) HEAD.getVolatile(this));
    }

    /** The current array's length (tests). */
    int capacity() {
        return items.length;
    }
}
