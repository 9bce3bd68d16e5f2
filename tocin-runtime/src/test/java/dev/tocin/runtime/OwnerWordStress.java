package dev.tocin.runtime;

import static dev.tocin.runtime.QueueStressFibers.ONE;
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

/**
 * jcstress on the summary word of a worker's own queues ({@link LevelQueues#owned}) since issue
 * 18's fifth round: only the owner writes it (its offer sets a bit, its {@link LevelQueues#peekOwn}
 * clears one for a queue it finds empty), stealers only read it. Run with the stress profile.
 */
public final class OwnerWordStress {
    private static final int LEVEL = 2;

    private OwnerWordStress() {
    }

    /**
     * The owner looks at its level (clearing the bit if a stealer has already emptied it) and then
     * appends TWO, while a stealer takes through the word as {@code Worker.steal} does: the stealer
     * takes ONE or nothing, and whatever is left is flagged. r1: the stealer's take; r2: entries
     * left; r3: the level flagged at the end.
     */
    @JCStressTest
    @Outcome(id = {"1, 1, 1", "0, 2, 1"}, expect = ACCEPTABLE, desc = "what is left is flagged")
    @Outcome(expect = FORBIDDEN, desc = "an entry left with its level not flagged, or a wrong take")
    @State
    public static class OwnerClearVersusStealerTake {
        final LevelQueues queues = LevelQueues.owned(2, 1);

        public OwnerClearVersusStealerTake() {
            queues.offer(LEVEL, ONE);
        }

        @Actor
        public void owner() {
            queues.peekOwn(LEVEL);
            queues.offer(LEVEL, TWO);
        }

        @Actor
        public void stealer(III_Result r) {
            Fiber<?> f = (queues.nonEmpty() & (1 << LEVEL)) != 0 && queues.peek(LEVEL) != null ? queues.poll(LEVEL) : null;
            r.r1 = id(f);
        }

        @Arbiter
        public void left(III_Result r) {
            r.r2 = queues.size();
            r.r3 = (queues.nonEmpty() & (1 << LEVEL)) != 0 ? 1 : 0;
        }
    }

    /**
     * A stealer drains the owner's only entry and peeks again (finding the level empty, bit set)
     * while the owner looks at the level and then appends TWO: TWO must end flagged and be found
     * by a peek. r1: the stealer's take; r2: entries left; r3: flagged and TWO at the head.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "ONE taken, TWO left and flagged")
    @Outcome(expect = FORBIDDEN, desc = "TWO left unflagged, or an entry lost or taken twice")
    @State
    public static class StealerDrainVersusOwnerPeekAndOffer {
        final LevelQueues queues = LevelQueues.owned(2, 1);

        public StealerDrainVersusOwnerPeekAndOffer() {
            queues.offer(LEVEL, ONE);
        }

        @Actor
        public void owner() {
            queues.peekOwn(LEVEL);
            queues.offer(LEVEL, TWO);
        }

        @Actor
        public void stealer(III_Result r) {
            r.r1 = id(queues.poll(LEVEL));
            queues.peek(LEVEL); // finds TWO or nothing; never clears a worker's bit
        }

        @Arbiter
        public void left(III_Result r) {
            r.r2 = queues.size();
            r.r3 = (queues.nonEmpty() & (1 << LEVEL)) != 0 && queues.peek(LEVEL) == TWO ? 1 : 0;
        }
    }
}
