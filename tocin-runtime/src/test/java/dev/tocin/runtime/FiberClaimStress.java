package dev.tocin.runtime;

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
 * jcstress on the workers' real claim ({@link Worker#claim}): a fiber queued twice (a priority
 * change leaves a stale entry) is claimed exactly once, and a cancel racing with a claimer either
 * wins (nobody runs it) or loses (it runs once). Since issue 18's sixth round the state and the
 * priority share one word: a priority change racing a state change loses neither.
 */
public final class FiberClaimStress {
    private FiberClaimStress() {
    }

    /** One queue per level, as a node's shared queues are. */
    private static LevelQueues levels() {
        return LevelQueues.linked();
    }

    /** What a worker does with the head of {@code queues}' {@code level}: poll it, then claim it. */
    private static int claim(LevelQueues queues, int level) {
        Fiber<?> f = queues.poll(level);
        return f != null && Worker.claim(f, queues, level) ? 1 : 0;
    }

    /** Two workers dequeue the two entries of one fiber: exactly one of them runs it. */
    @JCStressTest
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "exactly one entry was claimed, the other was stale")
    @State
    public static class TwoEntries {
        final LevelQueues worker = LevelQueues.owned(); // a worker's own queues (offered to by the constructor only)
        final LevelQueues shared = levels();
        final int level;

        public TwoEntries() {
            var fiber = QueueStressFibers.fiber();
            level = fiber.level();
            worker.offer(level, fiber);
            shared.offer(level, fiber);
        }

        @Actor
        public void claimFromWorkerQueue(II_Result r) {
            r.r1 = claim(worker, level);
        }

        @Actor
        public void claimFromSharedQueue(II_Result r) {
            r.r2 = claim(shared, level);
        }
    }

    /** A worker dequeues while cancel(false) runs: exactly one of them owns the fiber. */
    @JCStressTest
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "either the worker runs it or the cancel keeps it from running")
    @State
    public static class ClaimVersusCancel {
        final LevelQueues queues = levels();
        final Fiber<?> fiber = QueueStressFibers.fiber();

        public ClaimVersusCancel() {
            queues.offer(fiber.level(), fiber);
        }

        @Actor
        public void claimer(II_Result r) {
            r.r1 = claim(queues, fiber.level());
        }

        @Actor
        public void canceller(II_Result r) {
            r.r2 = fiber.casState(Fiber.QUEUED, Fiber.DONE) ? 1 : 0;
        }
    }

    /** A worker claims a queued fiber while its priority changes: both land, the claim never fails. */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "claimed; RUNNING at the new level")
    @Outcome(expect = FORBIDDEN, desc = "a lost claim, state or priority")
    @State
    public static class ClaimVersusPriorityChange {
        final Fiber<?> fiber = QueueStressFibers.fiber(); // NORMAL, QUEUED

        @Actor
        public void claimer(III_Result r) {
            r.r1 = fiber.casState(Fiber.QUEUED, Fiber.RUNNING) ? 1 : 0;
        }

        @Actor
        public void prioritiser() {
            fiber.changeLevel(Fiber.Priority.CRITICAL.value());
        }

        @Arbiter
        public void after(III_Result r) {
            r.r2 = fiber.stateValue();
            r.r3 = fiber.level();
        }
    }

    /** A parked fiber is made READY (resume) while its priority changes: both land. */
    @JCStressTest
    @Outcome(id = "3, 4", expect = ACCEPTABLE, desc = "READY at the new level")
    @Outcome(expect = FORBIDDEN, desc = "a lost state or priority")
    @State
    public static class ResumeVersusPriorityChange {
        final Fiber<?> fiber = QueueStressFibers.fiber();

        public ResumeVersusPriorityChange() {
            fiber.casState(Fiber.QUEUED, Fiber.RUNNING); // started, then parked: a parked fiber stays RUNNING
        }

        @Actor
        public void resumer() {
            fiber.setState(Fiber.READY);
        }

        @Actor
        public void prioritiser() {
            fiber.changeLevel(Fiber.Priority.BACKGROUND.value());
        }

        @Arbiter
        public void after(II_Result r) {
            r.r1 = fiber.stateValue();
            r.r2 = fiber.level();
        }
    }
}
