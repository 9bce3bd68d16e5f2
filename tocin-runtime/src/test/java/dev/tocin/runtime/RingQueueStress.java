package dev.tocin.runtime;

import static dev.tocin.runtime.QueueStressFibers.ONE;
import static dev.tocin.runtime.QueueStressFibers.THREE;
import static dev.tocin.runtime.QueueStressFibers.TWO;
import static dev.tocin.runtime.QueueStressFibers.id;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** jcstress: invariants of the bounded worker queue (run with the stress profile). */
public final class RingQueueStress {
    private RingQueueStress() {
    }

    /** Two producers racing for the last slots of a 2-slot ring: both entries land once, nothing more fits. */
    @JCStressTest
    @Outcome(id = {"1, 2, 0", "2, 1, 0"}, expect = ACCEPTABLE, desc = "both offered entries present once, ring full")
    @State
    public static class ConcurrentOffers {
        final RingQueue q = new RingQueue(2);

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
            boolean third = q.offer(THREE);
            r.r1 = id(q.poll());
            r.r2 = id(q.poll());
            r.r3 = third ? id(q.poll()) + 10 : 0;
        }
    }

    /** Two consumers racing for two entries: each gets a different one, never the same twice. */
    @JCStressTest
    @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "each consumer took a distinct entry")
    @State
    public static class ConcurrentPolls {
        final RingQueue q = new RingQueue(4);

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

    /**
     * Producer and consumer on a full ring wrapping around: the consumer sees the oldest entry or
     * nothing (never a torn or future slot), and the producer's entry is lost only if it saw "full".
     */
    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "poll first, offer fit into the freed slot")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE_INTERESTING, desc = "offer saw the ring full before the poll freed it")
    @State
    public static class WrapAround {
        final RingQueue q = new RingQueue(2);

        public WrapAround() {
            q.offer(ONE);
            q.offer(TWO);
        }

        @Actor
        public void consumer(III_Result r) {
            r.r1 = id(q.poll());
        }

        @Actor
        public void producer(III_Result r) {
            r.r2 = q.offer(THREE) ? 1 : 0;
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r3 = id(q.poll());
        }
    }
}
