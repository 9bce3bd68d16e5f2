package dev.tocin.runtime;

import static dev.tocin.runtime.QueueStressFibers.ONE;
import static dev.tocin.runtime.QueueStressFibers.THREE;
import static dev.tocin.runtime.QueueStressFibers.TWO;
import static dev.tocin.runtime.QueueStressFibers.id;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** jcstress: invariants of the unbounded shared queue (run with the stress profile). */
public final class LinkedQueueStress {
    private LinkedQueueStress() {
    }

    /** Two producers: both entries present exactly once, and the size counts both. */
    @JCStressTest
    @Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "both entries once, size 2")
    @State
    public static class ConcurrentOffers {
        final LinkedQueue q = new LinkedQueue();

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

    /** Two consumers racing for two entries: each gets a different one. */
    @JCStressTest
    @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "each consumer took a distinct entry")
    @State
    public static class ConcurrentPolls {
        final LinkedQueue q = new LinkedQueue();

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

    /** Producer and consumer on an almost empty queue: FIFO holds and nothing is lost or duplicated. */
    @JCStressTest
    @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "consumer took the old entry, the rest stay in order")
    @State
    public static class OfferWhilePolling {
        final LinkedQueue q = new LinkedQueue();

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
}
