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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress on the real {@link ChunkedQueue#poll(Fiber[], int)}, the batch a worker takes as its share
 * of its node's queue (issue 18's tenth round): against a single poll, another batch and an offer,
 * and at a chunk boundary, which a batch does not cross. A batch is reported as the ids it took, in
 * order, as decimal digits (entries 1 and 2: 12; none: 0).
 */
public final class ChunkedQueueBatchStress {
    private ChunkedQueueBatchStress() {
    }

    private static int take(ChunkedQueue q, int max) {
        var out = new Fiber<?>[max];
        int n = q.poll(out, max);
        int code = 0;
        for (int i = 0; i < n; i++) {
            code = code * 10 + id(out[i]);
        }
        return code;
    }

    /** A batch of two against a poll, two entries in one chunk: the poll takes the head or nothing. */
    @JCStressTest
    @Outcome(id = {"12, 0", "2, 1"}, expect = ACCEPTABLE, desc = "each entry once, in order")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost, taken twice, or a batch out of order")
    @State
    public static class BatchVersusPoll {
        final ChunkedQueue q = new ChunkedQueue(4);

        public BatchVersusPoll() {
            q.offer(ONE);
            q.offer(TWO);
        }

        @Actor
        public void batch(II_Result r) {
            r.r1 = take(q, 2);
        }

        @Actor
        public void poll(II_Result r) {
            r.r2 = id(q.poll());
        }
    }

    /** Two batches of two, three entries: one takes the first two, the other the third. */
    @JCStressTest
    @Outcome(id = {"12, 3", "3, 12"}, expect = ACCEPTABLE, desc = "each entry once, in order")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost, taken twice, or a batch out of order")
    @State
    public static class ConcurrentBatches {
        final ChunkedQueue q = new ChunkedQueue(4);

        public ConcurrentBatches() {
            q.offer(ONE);
            q.offer(TWO);
            q.offer(THREE);
        }

        @Actor
        public void batch1(II_Result r) {
            r.r1 = take(q, 2);
        }

        @Actor
        public void batch2(II_Result r) {
            r.r2 = take(q, 2);
        }
    }

    /** One slot per chunk: a batch stops at its chunk's end, so two batches take one entry each. */
    @JCStressTest
    @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one entry each, across the boundary")
    @Outcome(expect = FORBIDDEN, desc = "a batch crossed the chunk boundary, or an entry was lost or taken twice")
    @State
    public static class BatchesAtChunkBoundary {
        final ChunkedQueue q = new ChunkedQueue(1);

        public BatchesAtChunkBoundary() {
            q.offer(ONE);
            q.offer(TWO);
        }

        @Actor
        public void batch1(II_Result r) {
            r.r1 = take(q, 2);
        }

        @Actor
        public void batch2(II_Result r) {
            r.r2 = take(q, 2);
        }
    }

    /** A batch while a producer offers behind the head: the new entry is in the batch or stays queued. */
    @JCStressTest
    @Outcome(id = {"12, 0", "1, 2"}, expect = ACCEPTABLE, desc = "the new entry taken once, by the batch or after it")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost or taken twice")
    @State
    public static class BatchVersusOffer {
        final ChunkedQueue q = new ChunkedQueue(4);

        public BatchVersusOffer() {
            q.offer(ONE);
        }

        @Actor
        public void batch(II_Result r) {
            r.r1 = take(q, 2);
        }

        @Actor
        public void producer() {
            q.offer(TWO);
        }

        @Arbiter
        public void rest(II_Result r) {
            r.r2 = id(q.poll());
        }
    }
}
