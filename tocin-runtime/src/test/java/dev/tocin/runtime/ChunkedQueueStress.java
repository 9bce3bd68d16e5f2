package dev.tocin.runtime;

import static dev.tocin.runtime.QueueStressFibers.ONE;
import static dev.tocin.runtime.QueueStressFibers.THREE;
import static dev.tocin.runtime.QueueStressFibers.TWO;
import static dev.tocin.runtime.QueueStressFibers.id;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress on the real {@link ChunkedQueue} (a node's shared queues), mostly with chunks of one or
 * two slots so that every race also crosses a chunk boundary (a chunk appended by whoever needs it
 * first), and on the real {@link LevelQueues#shared} summary word, including the case only this
 * queue has: a head claimed by a producer that has not stored it yet while a later entry is stored.
 */
public final class ChunkedQueueStress {
    private static final int LEVEL = 2;

    private ChunkedQueueStress() {
    }

    /** Two producers, one slot per chunk: both entries once, and the size counts both. */
    @JCStressTest
    @Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "both entries once, size 2")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost or duplicated across the chunks")
    @State
    public static class ConcurrentOffers {
        final ChunkedQueue q = new ChunkedQueue(1);

        @Actor
        public void producer1() {
            q.offer(ONE);
        }

        @Actor
        public void producer2() {
            q.offer(TWO);
        }

        @Arbiter
        public void drain(III_Result r) {
            r.r3 = q.size();
            r.r1 = id(q.poll());
            r.r2 = id(q.poll());
        }
    }

    /** Two consumers racing for two entries in two chunks: each gets a different one. */
    @JCStressTest
    @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "each consumer took a distinct entry")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost or taken twice")
    @State
    public static class ConcurrentPolls {
        final ChunkedQueue q = new ChunkedQueue(1);

        public ConcurrentPolls() {
            q.offer(ONE);
            q.offer(TWO);
        }

        @Actor
        public void consumer1(II_Result r) {
            r.r1 = id(q.poll());
        }

        @Actor
        public void consumer2(II_Result r) {
            r.r2 = id(q.poll());
        }
    }

    /** A producer opens a new chunk while a consumer takes from the full one: FIFO, nothing lost. */
    @JCStressTest
    @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "consumer took the old entry, the rest stay in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or out of order")
    @State
    public static class OfferWhilePolling {
        final ChunkedQueue q = new ChunkedQueue(2);

        public OfferWhilePolling() {
            q.offer(ONE);
            q.offer(TWO);
        }

        @Actor
        public void consumer(III_Result r) {
            r.r1 = id(q.poll());
        }

        @Actor
        public void producer() {
            q.offer(THREE);
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r2 = id(q.poll());
            r.r3 = id(q.poll());
        }
    }

    /**
     * A consumer polls the empty queue at a chunk boundary (walking into, and maybe appending, the
     * next chunk) while a producer offers there: the entry is taken once, by the consumer or after.
     */
    @JCStressTest
    @Outcome(id = {"2, 0", "0, 2"}, expect = ACCEPTABLE, desc = "taken once, by the racing poll or the later one")
    @Outcome(expect = FORBIDDEN, desc = "lost or taken twice at the chunk boundary")
    @State
    public static class EmptyPollAtBoundary {
        final ChunkedQueue q = new ChunkedQueue(1);

        public EmptyPollAtBoundary() {
            q.offer(ONE);
            q.poll();
        }

        @Actor
        public void producer() {
            q.offer(TWO);
        }

        @Actor
        public void consumer(II_Result r) {
            r.r1 = id(q.poll());
        }

        @Arbiter
        public void rest(II_Result r) {
            r.r2 = id(q.poll());
        }
    }

    /**
     * The summary word: a producer offers while a consumer finds the level empty (its bit still set
     * by an entry polled earlier) and clears the bit. r1: the peek saw the entry; r2: the entry is
     * queued and flagged at the end.
     */
    @JCStressTest
    @Outcome(id = {"0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "the entry is flagged (seen by the consumer's peek or not)")
    @Outcome(id = {"0, 0", "1, 0"}, expect = FORBIDDEN, desc = "an entry is queued but its level is not flagged")
    @State
    public static class OfferVersusClear {
        final LevelQueues queues = LevelQueues.shared(1);

        public OfferVersusClear() {
            queues.offer(LEVEL, ONE);
            queues.poll(LEVEL);
        }

        @Actor
        public void producer() {
            queues.offer(LEVEL, TWO);
        }

        @Actor
        public void consumer(II_Result r) {
            r.r1 = queues.peek(LEVEL) != null ? 1 : 0;
        }

        @Arbiter
        public void flagged(II_Result r) {
            r.r2 = (queues.nonEmpty() & (1 << LEVEL)) != 0 && queues.peek(LEVEL) == TWO ? 1 : 0;
        }
    }

    /**
     * A consumer polls two of three entries (across a chunk boundary) while another peeks through
     * the word: a peek overtaken by the polls must not answer "empty" and clear the bit while the
     * third entry waits. r1: entries left; r2: the level is flagged.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the last entry is flagged")
    @Outcome(expect = FORBIDDEN, desc = "an entry is left but its level is not flagged")
    @State
    public static class PeekVersusPolls {
        final LevelQueues queues = LevelQueues.shared(2);

        public PeekVersusPolls() {
            queues.offer(LEVEL, ONE);
            queues.offer(LEVEL, TWO);
            queues.offer(LEVEL, THREE);
        }

        @Actor
        public void poller() {
            queues.poll(LEVEL);
            queues.poll(LEVEL);
        }

        @Actor
        public void peeker() {
            queues.peek(LEVEL);
        }

        @Arbiter
        public void result(II_Result r) {
            r.r1 = queues.size();
            r.r2 = (queues.nonEmpty() & (1 << LEVEL)) != 0 ? 1 : 0;
        }
    }

    /**
     * The "not ready" head: the level's bit is set but stale (its entry was polled). Producer A
     * offers; producer B offers and then peeks through the word. When B's position comes after A's
     * and A has claimed but not stored its position, B sees the bit set (no OR), and its peek finds
     * the head unwritten, clears the bit and answers null although B's own entry is stored: A must
     * then see the clear after its store and flag the level. r1: B's peek saw an entry; r2: the
     * level is flagged at the end; r3: entries taken at the end, in order through the word.
     */
    @JCStressTest
    @Outcome(id = {"0, 1, 2", "1, 1, 2"}, expect = ACCEPTABLE, desc = "both entries flagged and taken")
    @Outcome(expect = FORBIDDEN, desc = "an entry queued behind an unwritten head left unflagged, or lost")
    @State
    public static class NotReadyHead {
        final LevelQueues queues = LevelQueues.shared(2);

        public NotReadyHead() {
            queues.offer(LEVEL, ONE);
            queues.poll(LEVEL); // leaves the bit set
        }

        @Actor
        public void producerA() {
            queues.offer(LEVEL, TWO);
        }

        @Actor
        public void producerThenPeek(III_Result r) {
            queues.offer(LEVEL, THREE);
            r.r1 = queues.peek(LEVEL) != null ? 1 : 0;
        }

        @Arbiter
        public void result(III_Result r) {
            r.r2 = (queues.nonEmpty() & (1 << LEVEL)) != 0 ? 1 : 0;
            int taken = 0;
            while (queues.peek(LEVEL) != null && queues.poll(LEVEL) != null) {
                taken++;
            }
            r.r3 = taken;
        }
    }
}
