package dev.tocin.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress: a fiber queued twice (a priority change leaves a stale entry) is claimed exactly once,
 * and a cancel racing with a claimer either wins (nobody runs it) or loses (it runs once).
 */
public final class FiberClaimStress {
    private FiberClaimStress() {
    }

    private static int claim(LinkedQueue q) {
        Fiber<?> f = q.poll();
        return f != null && f.casState(Fiber.QUEUED, Fiber.RUNNING) ? 1 : 0;
    }

    /** Two workers dequeue the two entries of one fiber: exactly one of them runs it. */
    @JCStressTest
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "exactly one entry was claimed, the other was stale")
    @State
    public static class TwoEntries {
        final LinkedQueue high = new LinkedQueue();
        final LinkedQueue low = new LinkedQueue();

        public TwoEntries() {
            var fiber = QueueStressFibers.fiber();
            low.offer(fiber);
            high.offer(fiber);
        }

        @Actor
        public void claimFromHigh(II_Result r) {
            r.r1 = claim(high);
        }

        @Actor
        public void claimFromLow(II_Result r) {
            r.r2 = claim(low);
        }
    }

    /** A worker dequeues while cancel(false) runs: exactly one of them owns the fiber. */
    @JCStressTest
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "either the worker runs it or the cancel keeps it from running")
    @State
    public static class ClaimVersusCancel {
        final LinkedQueue q = new LinkedQueue();
        final Fiber<?> fiber = QueueStressFibers.fiber();

        public ClaimVersusCancel() {
            q.offer(fiber);
        }

        @Actor
        public void claimer(II_Result r) {
            r.r1 = claim(q);
        }

        @Actor
        public void canceller(II_Result r) {
            r.r2 = fiber.casState(Fiber.QUEUED, Fiber.DONE) ? 1 : 0;
        }
    }
}
