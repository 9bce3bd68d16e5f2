package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Bounded multi-producer multi-consumer array queue (D. Vyukov's design): each slot carries a
 * sequence number telling producers and consumers whose turn it is, so the only contended
 * operations are one CAS on the tail (producers) or the head (consumers). It was a worker's own
 * queue until issue 18's third round, which replaced it there with {@link OwnerRing} (appended to
 * by its owner only, growing instead of overflowing into the linked queue); it stays, with its
 * stress tests, as the bounded multi-producer queue ({@code LevelQueues.rings}) the summary-word
 * tests also run on.
 */
final class RingQueue implements TaskQueue {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ITEM = MethodHandles.arrayElementVarHandle(Fiber[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            var lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RingQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(RingQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Fiber<?>[] items;
    private final long[] sequences;
    private final int mask;
    // Padding keeps producers' and consumers' counters on different cache lines.
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long head;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    private volatile long tail;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    RingQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 2, got " + capacity);
        }
        items = new Fiber<?>[capacity];
        sequences = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
        mask = capacity - 1;
    }

    @Override
    public boolean offer(Fiber<?> fiber) {
        long pos = (long) TAIL.getVolatile(this);
        while (true) {
            int index = (int) pos & mask;
            long diff = (long) SEQ.getAcquire(sequences, index) - pos;
            if (diff == 0) {
                if (TAIL.compareAndSet(this, pos, pos + 1)) {
                    ITEM.set(items, index, fiber);
                    SEQ.setRelease(sequences, index, pos + 1);
                    return true;
                }
                pos = (long) TAIL.getVolatile(this);
            } else if (diff < 0) {
                return false; // the slot still holds an entry from one lap ago: full
            } else {
                pos = (long) TAIL.getVolatile(this);
            }
        }
    }

    @Override
    public Fiber<?> poll() {
        long pos = (long) HEAD.getVolatile(this);
        while (true) {
            int index = (int) pos & mask;
            long diff = (long) SEQ.getAcquire(sequences, index) - (pos + 1);
            if (diff == 0) {
                if (HEAD.compareAndSet(this, pos, pos + 1)) {
                    var fiber = (Fiber<?>) ITEM.get(items, index);
                    ITEM.set(items, index, null);
                    SEQ.setRelease(sequences, index, pos + mask + 1);
                    return fiber;
                }
                pos = (long) HEAD.getVolatile(this);
            } else if (diff < 0) {
                return null; // empty, or the producer of this slot has not published yet
            } else {
                pos = (long) HEAD.getVolatile(this);
            }
        }
    }

    /**
     * The head entry, or null only if the queue was empty (or its head slot's producer had not
     * published yet) at one moment during the call: a head taken by a concurrent poll makes it look
     * again instead of answering "empty", which {@link LevelQueues} relies on before it clears a
     * level's bit.
     */
    @Override
    public Fiber<?> peek() {
        while (true) {
            long pos = (long) HEAD.getVolatile(this);
            int index = (int) pos & mask;
            long diff = (long) SEQ.getAcquire(sequences, index) - (pos + 1);
            if (diff == 0) {
                var fiber = (Fiber<?>) ITEM.getAcquire(items, index);
                if (fiber != null && (long) HEAD.getVolatile(this) == pos) {
                    return fiber;
                }
            } else if (diff < 0 && (long) HEAD.getVolatile(this) == pos) {
                return null; // nothing published at the head
            }
            // the head moved on under us: look again
        }
    }

    @Override
    public int size() {
        long h = (long) HEAD.getVolatile(this);
        long t = (long) TAIL.getVolatile(this);
        return (int) Math.max(0, Math.min(t - h, mask + 1L));
    }

    int capacity() {
        return mask + 1;
    }
}
