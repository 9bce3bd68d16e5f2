package dev.tocin.runtime;

/**
 * A lock-free FIFO of fibers waiting at one priority level. Any thread may poll; any thread may
 * offer to a {@link LinkedQueue}, only its owner to an {@link OwnerRing}. Workers must never block on a queue, since a fiber could be suspended inside any lock they
 * might wait for.
 */
sealed interface TaskQueue permits LinkedQueue, OwnerRing {
    /** Appends, or returns false if a bounded queue is full. */
    boolean offer(Fiber<?> fiber);

    /** Removes the oldest entry, or returns null if there is none (or its producer has not finished publishing it). */
    Fiber<?> poll();

    /**
     * The oldest entry without removing it; a hint that may be stale by the time it is used. Null
     * only if the queue was empty at some moment during the call (a concurrent poll of the head
     * never makes it answer "empty" while later entries wait).
     */
    Fiber<?> peek();

    /** Approximate number of entries. */
    int size();
}
