package dev.tocin.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress on the real {@link LevelQueues} summary word: a producer offers while a consumer finds
 * the level empty (its bit still set by an entry polled earlier) and clears the bit. Whatever the
 * interleaving, the queued entry's level must end up flagged, or every take (which reads only the
 * word) would miss it. r1: the consumer's peek saw the entry; r2: the level is flagged at the end.
 */
public final class LevelQueuesStress {
    private static final int LEVEL = 2;

    private LevelQueuesStress() {
    }

    /** On a node's linked queue (publication by a CAS). */
    @JCStressTest
    @Outcome(id = {"0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "the entry is flagged (seen by the consumer's peek or not)")
    @Outcome(id = {"0, 0", "1, 0"}, expect = FORBIDDEN, desc = "an entry is queued but its level is not flagged")
    @State
    public static class OfferVersusClearOnLinked {
        final LevelQueues queues = LevelQueues.linked();

        public OfferVersusClearOnLinked() {
            queues.offer(LEVEL, QueueStressFibers.ONE);
            queues.poll(LEVEL);
        }

        @Actor
        public void producer() {
            queues.offer(LEVEL, QueueStressFibers.TWO);
        }

        @Actor
        public void consumer(II_Result r) {
            r.r1 = queues.peek(LEVEL) != null ? 1 : 0;
        }

        @Arbiter
        public void flagged(II_Result r) {
            r.r2 = (queues.nonEmpty() & (1 << LEVEL)) != 0 && queues.peek(LEVEL) == QueueStressFibers.TWO ? 1 : 0;
        }
    }

    /**
     * A consumer polls two of three entries while another finds the level through its bit and
     * peeks: a peek overtaken by the polls must not answer "empty" and clear the bit while the third
     * entry waits (the first peek did, twice in a row, and a benchmark hung with both workers
     * spinning beside an unflagged entry). r1: entries left; r2: the level is flagged. The same
     * cases on a worker's own queues are in {@link OwnerRingStress}.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the last entry is flagged")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "an entry is left but its level is not flagged")
    @State
    public static class PeekVersusPollsOnLinked {
        final LevelQueues queues = LevelQueues.linked();

        public PeekVersusPollsOnLinked() {
            queues.offer(LEVEL, QueueStressFibers.ONE);
            queues.offer(LEVEL, QueueStressFibers.TWO);
            queues.offer(LEVEL, QueueStressFibers.THREE);
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
     * A consumer takes the only entry while another consumer finds the level empty and clears its
     * bit: the one entry is taken once, and a bit left set afterwards is harmless (r2 is either).
     * r1: entries taken by the two consumers together.
     */
    @JCStressTest
    @Outcome(id = {"1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "taken once; a stale bit is allowed")
    @Outcome(expect = FORBIDDEN, desc = "taken twice or lost")
    @State
    public static class PollVersusClear {
        final LevelQueues queues = LevelQueues.owned();
        volatile int taken;

        public PollVersusClear() {
            queues.offer(LEVEL, QueueStressFibers.ONE);
        }

        @Actor
        public void poller() {
            if (queues.peek(LEVEL) != null && queues.poll(LEVEL) != null) {
                taken++;
            }
        }

        @Actor
        public void peeker(II_Result r) {
            queues.peek(LEVEL);
        }

        @Arbiter
        public void result(II_Result r) {
            r.r1 = taken + (queues.poll(LEVEL) != null ? 1 : 0);
            r.r2 = (queues.nonEmpty() & (1 << LEVEL)) != 0 ? 1 : 0;
        }
    }
}
