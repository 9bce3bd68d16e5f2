package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A lock-free set of live items, each holding the slot it was given: the scheduler's live runners,
 * kept so that {@code shutdownNow()} can interrupt parked fibers. It replaces a
 * {@code ConcurrentHashMap} key set, whose node (32 bytes) and table share (16-21 bytes) were paid
 * per parked fiber; here a live item costs one array slot and one free-list link (8 bytes), and
 * its holder keeps the slot number (docs/scheduler.md, heap per parked fiber).
 *
 * <p>Slots live in chunks of doubling size that are created on first use and never freed, so a slot number stays
 * valid. Freed slots go on a Treiber stack linked through {@code links}; its head carries a
 * version that every push and pop changes, so a pop that read a stale link fails its CAS (no ABA).
 * {@link #forEach} sees every item added before it started and not removed before it reached the
 * item's slot; items added meanwhile may or may not be seen.
 */
final class SlotTable<T> {
    /** Chunk k holds FIRST << k slots: 8 KB for a scheduler's first 1024 runners, 16 chunks in all. */
    private static final int FIRST_BITS = 10;
    private static final int CHUNKS = 16;
    /** 1024 * (2^16 - 1) slots: 67 million live items, far beyond what a heap holds in runners. */
    private static final int CAPACITY = ((1 << CHUNKS) - 1) << FIRST_BITS;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle LINKS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LINK_CHUNKS = MethodHandles.arrayElementVarHandle(int[][].class);

    private final Object[][] slots = new Object[CHUNKS][];
    private final int[][] links = new int[CHUNKS][];
    private final AtomicInteger used = new AtomicInteger(); // slots ever handed out: forEach's bound
    /** (version << 32) | (slot + 1) of the top free slot; slot part 0 when none is free. */
    private final AtomicLong free = new AtomicLong();

    /** Stores {@code item} and returns its slot, to be given back to {@link #remove}. */
    int add(T item) {
        int slot = popFree();
        if (slot < 0) {
            slot = used.getAndIncrement();
            if (slot >= CAPACITY) {
                used.getAndDecrement();
                throw new IllegalStateException("more than " + CAPACITY + " live entries");
            }
            ensureChunk(chunkOf(slot));
        }
        SLOTS.setRelease(slotChunk(chunkOf(slot)), indexIn(slot), item);
        return slot;
    }

    /** Empties {@code slot} (which {@link #add} returned and nobody removed since) and recycles it. */
    void remove(int slot) {
        int chunk = chunkOf(slot);
        int index = indexIn(slot);
        SLOTS.setRelease(slotChunk(chunk), index, null);
        var chunkLinks = linkChunk(chunk);
        while (true) {
            long head = free.get();
            LINKS.setRelease(chunkLinks, index, (int) head); // the slot below us, plus one
            if (free.compareAndSet(head, ((head >>> 32) + 1) << 32 | (slot + 1L))) {
                return;
            }
        }
    }

    /** Calls {@code action} for each live item (see the class comment for items added meanwhile). */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super T> action) {
        int end = used.get();
        for (int slot = 0; slot < end; slot++) {
            var chunk = slotChunk(chunkOf(slot));
            if (chunk == null) {
                continue; // its adder has not created the chunk yet: nothing stored there
            }
            var item = (T) SLOTS.getAcquire(chunk, indexIn(slot));
            if (item != null) {
                action.accept(item);
            }
        }
    }

    /** Live items (a snapshot that may be stale; for tests and statistics). */
    int size() {
        int[] n = {0};
        forEach(item -> n[0]++);
        return n[0];
    }

    private int popFree() {
        while (true) {
            long head = free.get();
            int top = (int) head - 1;
            if (top < 0) {
                return -1;
            }
            int below = (int) LINKS.getAcquire(linkChunk(chunkOf(top)), indexIn(top));
            if (free.compareAndSet(head, ((head >>> 32) + 1) << 32 | (below & 0xFFFFFFFFL))) {
                return top;
            }
        }
    }

    private void ensureChunk(int chunk) {
        if (slotChunk(chunk) != null) {
            return;
        }
        // Links first: a slot's chunk of links must exist before the slot can be freed, and a slot
        // can be freed only after its adder has seen its chunk of slots.
        int size = 1 << (FIRST_BITS + chunk);
        LINK_CHUNKS.compareAndSet(links, chunk, null, new int[size]);
        SLOTS.compareAndSet(slots, chunk, null, new Object[size]);
    }

    private Object[] slotChunk(int chunk) {
        return (Object[]) SLOTS.getAcquire(slots, chunk);
    }

    private int[] linkChunk(int chunk) {
        return (int[]) LINK_CHUNKS.getAcquire(links, chunk);
    }

    /** Chunk k starts at slot 1024 * (2^k - 1). */
    static int chunkOf(int slot) {
        return 31 - Integer.numberOfLeadingZeros((slot >>> FIRST_BITS) + 1);
    }

    static int indexIn(int slot) {
        return slot - (((1 << chunkOf(slot)) - 1) << FIRST_BITS);
    }
}
