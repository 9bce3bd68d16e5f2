package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.function.Supplier;

/**
 * One queue per priority level (a worker's rings, a node's shared or bound queues) plus a summary
 * word with one bit per level that may hold entries, so a take reads one word instead of peeking at
 * five queue heads (docs/scheduler.md, "Where the spawn time goes").
 *
 * <p>The word is a hint that may say "maybe" for an empty queue but never "empty" for a queue
 * holding a published entry while nobody is between two steps of this protocol:
 * <ul>
 *   <li>a producer publishes its entry, issues a full fence and then sets the level's bit if it is
 *       clear (a read, and an atomic OR only on the 0 -> 1 change);</li>
 *   <li>a consumer that finds a flagged queue empty clears the bit with an atomic AND and peeks
 *       again, setting the bit back if an entry appeared (a node's queues; a worker's own queues
 *       keep their word as described below).</li>
 * </ul>
 * Either the producer's read comes after the clear (it sets the bit again) or its entry was
 * published before the clear and the consumer's second peek sees it. This needs a peek that says
 * "empty" only when the queue was empty at some moment ({@link TaskQueue#peek}): an earlier peek
 * that answered null because a concurrent poll had just taken the head let a consumer clear the bit
 * of a queue that still held entries, and both workers of a benchmark spun forever beside them
 * (found by {@code tocin bench scheduler}; {@code LevelQueuesProperties} checks it since). Polling never clears: a
 * bit left set by the last poll is cleared by the next peek that finds the queue empty.
 *
 * <p>A {@link ChunkedQueue}'s peek also answers null while its oldest position is claimed by a
 * producer that has not stored the entry yet, although entries behind it may be stored. Clearing
 * the bit then is safe: that producer stores, fences and reads the bit after the consumer's
 * clear-then-peek saw the position unwritten, so it sees the clear and sets the bit again (the
 * same argument, with that producer in the role of "the" producer); the entries behind are
 * reachable only after it anyway. {@code ChunkedQueueStress} checks it on the real classes.
 *
 * <p>A worker's own queues ({@link #owned()}) keep the word differently (issue 18's fifth round):
 * only the owner writes it, with plain release stores and no atomic. Its offer sets the level's bit
 * (if clear) after publishing the entry; {@link #peekOwn} clears it when it finds the queue empty;
 * a stealer's {@link #peek} never clears. The owner is the only producer, so a queue it found empty
 * stays empty until its own next offer, which sets the bit again: the bit is clear only while the
 * queue is empty, without the re-peek. Before, a stealer that drained the owner's ring cleared the
 * bit with an atomic AND and the owner's next offer set it with an atomic OR, so a task spawning
 * children moved the word's cache line between the two cores twice per child (about 14% of the
 * samples of an internal-spawn profile, docs/scheduler.md, "Fifth round"). A stale set bit costs
 * stealers a peek until the owner looks at that level again (it does on every take, and
 * {@link #tidy} before it goes idle).
 *
 * <p>The idle re-check of the wake-up protocol does not trust the word: {@link #anyQueued()}
 * peeks every queue, so the protocol's proof ({@link IdleWorkers}) is the same as without it.
 */
final class LevelQueues {
    private static final VarHandle BITS;

    static {
        try {
            BITS = MethodHandles.lookup().findVarHandle(LevelQueues.class, "bits", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TaskQueue[] queues = new TaskQueue[LightweightScheduler.LEVELS];
    /** {@link #owned()}: only the owner writes {@link #bits} (no atomics, stealers never clear). */
    private final boolean ownerWrites;
    private volatile int bits;

    private LevelQueues(Supplier<TaskQueue> queue) {
        for (int i = 0; i < queues.length; i++) {
            queues[i] = queue.get();
        }
        ownerWrites = queues[0] instanceof OwnerRing;
    }

    /**
     * A worker's own queues: {@link OwnerRing}s, appended to only by the worker's own thread (or a
     * fiber mounted on it), growing instead of overflowing. Only that thread may call
     * {@link #offer}, {@link #pollOwn}, {@link #peekOwn} and {@link #tidy} on them.
     */
    static LevelQueues owned() {
        return new LevelQueues(OwnerRing::new);
    }

    /** As {@link #owned()} with rings of another initial size and clearing batch (tests grow and clear often). */
    static LevelQueues owned(int initialCapacity, int clearBatch) {
        return new LevelQueues(() -> new OwnerRing(initialCapacity, clearBatch));
    }

    /** Unbounded multi-producer linked queues (tests; before issue 18's fourth round a node's queues). */
    static LevelQueues linked() {
        return new LevelQueues(LinkedQueue::new);
    }

    /** A node's shared and bound queues: unbounded multi-producer queues of array chunks. */
    static LevelQueues shared() {
        return new LevelQueues(ChunkedQueue::new);
    }

    /** As {@link #shared()} with chunks of {@code chunkSize} slots (tests cross chunk boundaries often). */
    static LevelQueues shared(int chunkSize) {
        return new LevelQueues(() -> new ChunkedQueue(chunkSize));
    }

    /**
     * Appends at {@code level} and flags the level; false if a bounded queue is full. Ends with a
     * full fence after the entry is published, which the wake-up protocol relies on too
     * ({@link IdleWorkers#wake}).
     */
    boolean offer(int level, Fiber<?> fiber) {
        if (!queues[level].offer(fiber)) {
            return false;
        }
        int bit = 1 << level;
        if (ownerWrites) {
            flagOwned(bit);
            return true;
        }
        // The ring publishes with a release store; the fence orders it before the read of the word
        // (and before the wake-up protocol's read of the idle count).
        VarHandle.fullFence();
        if ((bits & bit) == 0) {
            BITS.getAndBitwiseOr(this, bit);
        }
        return true;
    }

    /**
     * The owner of these {@link #owned()} queues appends {@code fibers[from, to)} at {@code level}
     * (a batch it stole), flagging the level and fencing once, as {@link #offer} does per entry.
     */
    void offerAll(int level, Fiber<?>[] fibers, int from, int to) {
        for (int i = from; i < to; i++) {
            queues[level].offer(fibers[i]);
        }
        flagOwned(1 << level);
    }

    /** Owner only, after publishing entries at {@code bit}'s level: sets the bit, then the wake-up protocol's fence. */
    private void flagOwned(int bit) {
        int b = (int) BITS.getOpaque(this); // only this thread writes the word
        if ((b & bit) == 0) {
            BITS.setRelease(this, b | bit); // after the entries' release: a reader of the bit sees them
        }
        VarHandle.fullFence(); // IdleWorkers#wake reads the idle count next
    }

    /**
     * Another worker's own queues ({@link #owned()}) only: claims up to half of the entries at
     * {@code level} with one CAS into {@code out} ({@link OwnerRing#pollHalf}); returns how many.
     */
    int pollHalf(int level, Fiber<?>[] out) {
        return ((OwnerRing) queues[level]).pollHalf(out);
    }

    /**
     * A node's shared queues only: takes up to {@code max} entries at {@code level} from the head
     * with one CAS into {@code out} ({@link ChunkedQueue#poll(Fiber[], int)}); returns how many.
     */
    int poll(int level, Fiber<?>[] out, int max) {
        return ((ChunkedQueue) queues[level]).poll(out, max);
    }

    /** Removes the oldest entry at {@code level}, or null. */
    Fiber<?> poll(int level) {
        return queues[level].poll();
    }

    /**
     * The owner's poll of its own {@link #owned()} queues: as {@link #poll}, and a queue found empty
     * drops its references to claimed fibers.
     */
    Fiber<?> pollOwn(int level) {
        return queues[level].poll() instanceof Fiber<?> f ? f : tidied(level);
    }

    private Fiber<?> tidied(int level) {
        if (queues[level] instanceof OwnerRing ring) {
            ring.clearClaimed();
        }
        return null;
    }

    /**
     * The owner, before it goes idle: every {@link OwnerRing} drops its references to claimed
     * fibers, and an empty one grown by a burst goes back to its initial size.
     */
    void tidy() {
        for (int level = 0; level < queues.length; level++) {
            if (queues[level] instanceof OwnerRing ring) {
                ring.tidy();
                peekOwn(level); // clears a bit left set by a stealer that emptied the ring
            }
        }
    }

    /** Whether only one thread may offer here (a worker's own queues): others must place elsewhere. */
    boolean ownerOnly() {
        return ownerWrites;
    }

    /** The levels that may hold entries, one bit each (bit 0: CRITICAL). */
    int nonEmpty() {
        return bits;
    }

    /**
     * The oldest entry at {@code level} (a hint), clearing the level's bit if the queue is empty,
     * except on {@link #owned()} queues, whose bits only their owner clears ({@link #peekOwn}).
     */
    Fiber<?> peek(int level) {
        int bit = 1 << level;
        if ((bits & bit) == 0) {
            return null;
        }
        Fiber<?> head = queues[level].peek();
        if (head != null || ownerWrites) {
            return head;
        }
        BITS.getAndBitwiseAnd(this, ~bit);
        head = queues[level].peek(); // a producer that saw the bit still set before our clear published first
        if (head != null) {
            BITS.getAndBitwiseOr(this, bit);
        }
        return head;
    }

    /**
     * The owner's peek at its {@link #owned()} queues (a node's queues: as {@link #peek}): clears the
     * level's bit when the queue is empty. Only the owner appends, so the queue stays empty until
     * the owner's next {@link #offer}, which sets the bit again; no re-peek is needed.
     */
    Fiber<?> peekOwn(int level) {
        if (!ownerWrites) {
            return peek(level);
        }
        int bit = 1 << level;
        int b = (int) BITS.getOpaque(this); // only this thread writes the word
        if ((b & bit) == 0) {
            return null;
        }
        Fiber<?> head = queues[level].peek(); // null: head == tail, and only we move tail
        if (head == null) {
            BITS.setRelease(this, b & ~bit);
        }
        return head;
    }

    /** Whether any queue has an entry, read from the queues themselves (the idle re-check). */
    boolean anyQueued() {
        for (var q : queues) {
            if (q.peek() != null) {
                return true;
            }
        }
        return false;
    }

    /** Approximate entries at {@code level}. */
    int size(int level) {
        return queues[level].size();
    }

    /** Approximate entries at every level. */
    int size() {
        int n = 0;
        for (var q : queues) {
            n += q.size();
        }
        return n;
    }

    /** The queues themselves, for {@code shutdownNow}, which empties them. */
    List<TaskQueue> all() {
        return List.of(queues);
    }
}
