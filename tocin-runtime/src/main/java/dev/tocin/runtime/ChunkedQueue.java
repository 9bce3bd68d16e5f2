package dev.tocin.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Unbounded multi-producer multi-consumer FIFO made of array chunks (after JCTools'
 * {@code MpmcUnboundedXaddArrayQueue}, without its chunk pooling, and claiming by CAS instead of
 * {@code getAndAdd}): a node's shared and bound queues, which any thread feeds and any worker of
 * any node takes from. An offer is one CAS on the producer position (uncontended unless several
 * threads offer at the same level of the same node at once) and a release store into the slot; a chunk of
 * {@link #CHUNK} slots is allocated once per {@code CHUNK} entries (about 4.4 bytes per entry with
 * compressed oops, where {@link LinkedQueue} allocates a 24-byte node and pays two CAS per entry;
 * docs/scheduler.md, "Where the spawn time goes").
 *
 * <p><b>Positions.</b> {@code producerIndex} counts claimed positions, {@code consumerIndex}
 * taken ones ({@code long}s that only grow). Position {@code p} lives in slot
 * {@code p - base} of the chunk whose {@code base <= p < base + size}. Every slot is written
 * exactly once, by the producer that claimed its position, and cleared once, by the consumer that
 * took it (chunks are never reused), so a consumer that reads a non-null slot at {@code c} read
 * the entry of position {@code c}, and its CAS of {@code consumerIndex} from {@code c} to
 * {@code c + 1} makes the entry its own: every entry is taken once, in position order.
 *
 * <p><b>Chunks.</b> Chunks form a forward-linked list; anyone who needs the chunk after the last
 * one (a producer whose position lies beyond it, or a consumer looking there) appends it by a CAS
 * of {@code next} from null, so no thread waits for another to allocate. Two hints,
 * {@code producerChunk} and {@code consumerChunk}, are only ever moved forward (by a CAS from the
 * chunk the mover read). A thread reads the hint before it reads or claims its position, and a
 * hint is moved to a chunk only by a thread whose position lies in it, after it got that
 * position; so the chunk read is never past the thread's position (positions only grow), and the
 * walk from it is forward only. Chunks behind both hints are unreachable and collected.
 *
 * <p><b>Claim by CAS.</b> A producer reads the producer position, finds (or appends) its chunk and
 * only then claims the position by a CAS, so the allocation and every call happen before the claim
 * and only the store itself comes after it. With {@code getAndAdd} the chunk is found after the
 * claim, and a producer failing there ({@code OutOfMemoryError} allocating the chunk, a
 * {@code StackOverflowError} in the call) would leave a claimed position that is never written and
 * block every later entry for good. What is left of that window is the store (a call only while
 * the method is interpreted, where a stack overflow could still hit it). The price is a retry when
 * another producer claimed first.
 *
 * <p><b>Not ready.</b> Between its claim and its store, a producer holds a position
 * that is claimed but not written. Consumers do not wait for it: {@link #poll} and {@link #peek}
 * answer null when the oldest position is unwritten, although later positions may hold entries
 * (they are behind it in FIFO order). A producer never gives up between the two steps (no lock,
 * no park, no call in compiled code: a fiber cannot be unmounted there), so the entry appears, and this is safe for the
 * summary word of {@link LevelQueues} and for the wake-up protocol because the producer of that
 * oldest position runs the producer half of both after its store: it issues the full fence and
 * then flags the level and wakes an idle worker. If a consumer's peek found position {@code c}
 * unwritten after it cleared the level's bit (or announced itself idle), the producer of
 * {@code c}, which writes {@code c}, fences and then reads the bit (the idle count), sees the
 * clear (the announcement), by the same store-fence-load argument as for an empty queue, and sets
 * the bit again (wakes a worker). Entries behind {@code c} become reachable with it. The cost of
 * not waiting: a producer thread that the OS deschedules between the two steps delays the entries
 * behind its position until it runs again (a linked queue would not); {@code shutdownNow}'s drain
 * leaves such entries queued, and the workers run them, as they run an entry whose offer
 * completes after the drain.
 *
 * <p>{@link #peek} therefore answers null only if, at one moment during the call, the oldest
 * unclaimed position was not written (the queue was empty, or its head was not ready): a head taken
 * by a concurrent poll makes it look again, which {@link LevelQueues} relies on.
 */
final class ChunkedQueue implements TaskQueue {
    /** Slots per chunk: a queue at rest holds one chunk (about 530 bytes). */
    static final int CHUNK = 128;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Fiber[].class);
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;
    private static final VarHandle CONSUMER_CHUNK;
    private static final VarHandle NEXT;

    static {
        try {
            var lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(ChunkedQueue.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(ChunkedQueue.class, "consumerIndex", long.class);
            PRODUCER_CHUNK = lookup.findVarHandle(ChunkedQueue.class, "producerChunk", Chunk.class);
            CONSUMER_CHUNK = lookup.findVarHandle(ChunkedQueue.class, "consumerChunk", Chunk.class);
            NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Chunk {
        final long base;
        final Fiber<?>[] slots;
        volatile Chunk next;

        Chunk(long base, int size) {
            this.base = base;
            this.slots = new Fiber<?>[size];
        }
    }

    private final int chunkSize;
    // Padding keeps the producers' words and the consumers' words on different cache lines.
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long producerIndex;
    private volatile Chunk producerChunk;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    private volatile long consumerIndex;
    private volatile Chunk consumerChunk;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    ChunkedQueue() {
        this(CHUNK);
    }

    /** A queue with chunks of {@code chunkSize} slots (tests use tiny chunks to cross boundaries often). */
    ChunkedQueue(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
        var first = new Chunk(0, chunkSize);
        producerChunk = first;
        consumerChunk = first;
    }

    @Override
    public boolean offer(Fiber<?> fiber) {
        Chunk hint = producerChunk; // read before the position: its base is <= p (see the class comment)
        Chunk chunk = hint;
        while (true) {
            long p = (long) PRODUCER_INDEX.getVolatile(this);
            chunk = chunkFor(chunk, p); // may allocate: done before the claim, see "Claim by CAS"
            if (PRODUCER_INDEX.compareAndSet(this, p, p + 1)) {
                SLOT.setRelease(chunk.slots, (int) (p - chunk.base), fiber); // the only step between claim and entry
                if (chunk != hint) {
                    PRODUCER_CHUNK.compareAndSet(this, hint, chunk); // forward only; a newer hint may have won
                }
                return true;
            }
        }
    }

    @Override
    public Fiber<?> poll() {
        while (true) {
            Chunk hint = consumerChunk; // read before the position: its base is <= c
            long c = (long) CONSUMER_INDEX.getVolatile(this);
            Chunk chunk = consumerChunkFor(hint, c);
            int slot = (int) (c - chunk.base);
            var f = (Fiber<?>) SLOT.getVolatile(chunk.slots, slot);
            if (f == null) {
                if ((long) CONSUMER_INDEX.getVolatile(this) != c) {
                    continue; // c was taken (and its slot cleared) meanwhile
                }
                return null; // c is unclaimed and unwritten: empty, or its producer has not stored yet
            }
            if (CONSUMER_INDEX.compareAndSet(this, c, c + 1)) {
                SLOT.setRelease(chunk.slots, slot, null); // taken: do not keep the fiber reachable
                return f;
            }
        }
    }

    /**
     * Takes up to {@code max} entries from the head with one CAS into {@code out} and returns how
     * many (0 when {@link #poll} would answer null): the ready entries in order from the oldest
     * unclaimed position, up to the first position not yet written and within the head's chunk.
     * As in {@link #poll}, a non-null slot read at a position at or after {@code c} is that
     * position's entry (slots are written once and chunks never reused), and the CAS from {@code c}
     * fails if any of them was taken meanwhile.
     */
    int poll(Fiber<?>[] out, int max) {
        while (true) {
            Chunk hint = consumerChunk;
            long c = (long) CONSUMER_INDEX.getVolatile(this);
            Chunk chunk = consumerChunkFor(hint, c);
            int slot = (int) (c - chunk.base);
            int limit = Math.min(max, chunkSize - slot);
            int n = 0;
            while (n < limit) {
                var f = (Fiber<?>) SLOT.getVolatile(chunk.slots, slot + n);
                if (f == null) {
                    break;
                }
                out[n++] = f;
            }
            if (n == 0) {
                if ((long) CONSUMER_INDEX.getVolatile(this) != c) {
                    continue;
                }
                return 0;
            }
            if (CONSUMER_INDEX.compareAndSet(this, c, c + n)) {
                for (int i = 0; i < n; i++) {
                    SLOT.setRelease(chunk.slots, slot + i, null);
                }
                return n;
            }
        }
    }

    /** The head entry; null only if the oldest unclaimed position was unwritten at one moment (see the class comment). */
    @Override
    public Fiber<?> peek() {
        while (true) {
            Chunk hint = consumerChunk;
            long c = (long) CONSUMER_INDEX.getVolatile(this);
            Chunk chunk = consumerChunkFor(hint, c);
            // volatile: after LevelQueues' clear of the bit (an atomic) this load must not move before it
            var f = (Fiber<?>) SLOT.getVolatile(chunk.slots, (int) (c - chunk.base));
            if ((long) CONSUMER_INDEX.getVolatile(this) != c) {
                continue; // the head was taken between our reads: look again, never answer "empty" for it
            }
            return f; // non-null: the entry at c, unclaimed when we read it; null: c unwritten
        }
    }

    @Override
    public int size() {
        long c = (long) CONSUMER_INDEX.getVolatile(this);
        long p = (long) PRODUCER_INDEX.getVolatile(this);
        return (int) Math.max(0, Math.min(p - c, Integer.MAX_VALUE));
    }

    /** The consumer's chunk for {@code c}, moving the consumers' hint forward when it was behind. */
    private Chunk consumerChunkFor(Chunk hint, long c) {
        Chunk chunk = chunkFor(hint, c);
        if (chunk != hint) {
            CONSUMER_CHUNK.compareAndSet(this, hint, chunk); // every position before chunk is taken
        }
        return chunk;
    }

    /** Walks forward from {@code from} (whose base is <= position) to the chunk holding {@code position}, appending chunks as needed. */
    private Chunk chunkFor(Chunk from, long position) {
        Chunk chunk = from;
        while (position - chunk.base >= chunkSize) {
            Chunk next = chunk.next;
            if (next == null) {
                var fresh = new Chunk(chunk.base + chunkSize, chunkSize);
                next = NEXT.compareAndSet(chunk, null, fresh) ? fresh : chunk.next;
            }
            chunk = next;
        }
        return chunk;
    }
}
