package dev.tocin.runtime;

/**
 * A FIFO of fibers waiting at one priority level. Any thread may poll; any thread may offer to a
 * {@link ChunkedQueue} or a {@link LinkedQueue}, only its owner to an {@link OwnerRing}. Workers must never block on a queue, since a fiber could be suspended inside any lock they
 * might wait for.
 */
sealed interface TaskQueue permits ChunkedQueue, LinkedQueue, OwnerRing {
    /** Appends, or returns false if a bounded queue is full. */
    boolean offer(Fiber<?> fiber);

    /** Removes the oldest entry, or returns null if there is none (or its producer has not finished publishing it). */
    Fiber<?> poll();

    /**
     * The oldest entry without removing it; a hint that may be stale by the time it is used. Null
     * only if the queue was empty at some moment during the call (a concurrent poll of the head
     * never makes it answer "empty" while later entries wait), or, in a {@link ChunkedQueue}, its
     * oldest position was claimed by a producer that had not stored its entry yet: that producer
     * flags the level and wakes a worker after its store (see {@link LevelQueues}).
     */
    Fiber<?> peek();

    /** Approximate number of entries. */
    int size();
}
