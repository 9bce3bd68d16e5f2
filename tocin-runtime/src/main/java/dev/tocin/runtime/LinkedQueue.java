package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Unbounded multi-producer multi-consumer linked queue (Michael and Scott's lock-free algorithm).
 * Holds the fibers started before {@code start()}; a node's shared queues were linked queues until
 * issue 18's fourth round and are {@link ChunkedQueue}s now (no node per entry). Each node records
 * its position, so the size is the distance between tail and head without a shared counter.
 *
 * <p>The position is an {@code int} that wraps: a node is then 24 bytes instead of 32 (object
 * header 12, item, next, position 4 each; a {@code long} made it 28, padded to 32), and every task
 * from outside the scheduler or overflowing a worker's ring allocates one (docs/scheduler.md,
 * "Where the spawn time goes"). Differences of wrapped positions are exact while fewer than 2^31
 * entries are queued at once, which the heap bounds long before.
 */
final class LinkedQueue implements TaskQueue {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            var lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(LinkedQueue.class, "head", Node.class);
            TAIL = lookup.findVarHandle(LinkedQueue.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node {
        volatile Fiber<?> item;
        volatile Node next;
        int position; // wraps; only differences are used

        Node(Fiber<?> item) {
            this.item = item;
        }
    }

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile Node head; // a sentinel whose item has been taken
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    private volatile Node tail; // the last node or, briefly, the one before it
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    LinkedQueue() {
        this(0);
    }

    /** A queue whose first position is {@code start} (tests: a size across the int wrap). */
    LinkedQueue(int start) {
        var sentinel = new Node(null);
        sentinel.position = start;
        head = sentinel;
        tail = sentinel;
    }

    @Override
    public boolean offer(Fiber<?> fiber) {
        var node = new Node(fiber);
        while (true) {
            Node last = tail;
            Node next = last.next;
            if (last != tail) {
                continue;
            }
            if (next == null) {
                node.position = last.position + 1; // published by the CAS below
                if (NEXT.compareAndSet(last, null, node)) {
                    TAIL.compareAndSet(this, last, node);
                    return true;
                }
            } else {
                TAIL.compareAndSet(this, last, next); // help a producer that linked but did not swing
            }
        }
    }

    @Override
    public Fiber<?> poll() {
        while (true) {
            Node first = head;
            Node last = tail;
            Node next = first.next;
            if (first != head) {
                continue;
            }
            if (next == null) {
                return null;
            }
            if (first == last) {
                TAIL.compareAndSet(this, last, next);
                continue;
            }
            Fiber<?> item = next.item;
            if (HEAD.compareAndSet(this, first, next)) {
                next.item = null; // next is the new sentinel; drop the reference for the GC
                return item;
            }
        }
    }

    /**
     * The head entry, or null only if the queue was empty at one moment during the call: a head
     * taken by a concurrent poll (its item already cleared) makes it look again, which
     * {@link LevelQueues} relies on before it clears a level's bit.
     */
    @Override
    public Fiber<?> peek() {
        while (true) {
            Node next = head.next;
            if (next == null) {
                return null; // the node we read as head had no successor: empty at that moment
            }
            Fiber<?> item = next.item;
            if (item != null) {
                return item;
            }
            // next became the sentinel (polled) between our two reads: look again
        }
    }

    @Override
    public int size() {
        Node first = head;
        Node last = tail;
        Node after = last.next;
        int end = after != null ? after.position : last.position;
        return Math.max(0, end - first.position); // int subtraction: exact across the wrap; < 0 only in a race
    }
}
