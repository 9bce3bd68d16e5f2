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
 * jcstress on the real {@link OwnerRing} (a worker's own queue: one owner appends, anyone polls)
 * and on {@link LevelQueues#owned}'s summary word. Run with the stress profile. Every test has the
 * owner as one actor and a stealer as the other; rings start at capacity 2 so that growing,
 * shrinking and reusing a slot happen within a few operations.
 */
public final class OwnerRingStress {
    private static final int LEVEL = 2;

    private OwnerRingStress() {
    }

    private static void count(Fiber<?> f, int[] tally) {
        int id = id(f);
        if (id > 0) {
            tally[id]++;
        }
    }

    /** The arbiter's part: takes what is left (counted for the owner) and reports how often each entry was taken. */
    private static void takeRestAndSum(OwnerRing q, int[] ownerTally, int[] stealerTally, III_Result r) {
        Fiber<?> f;
        while ((f = q.poll()) != null) {
            count(f, ownerTally);
        }
        r.r1 = ownerTally[1] + stealerTally[1];
        r.r2 = ownerTally[2] + stealerTally[2];
        r.r3 = ownerTally[3] + stealerTally[3];
    }

    /**
     * The owner grows a full ring (copying the unclaimed positions) while a stealer takes both
     * entries: the stealer gets ONE then TWO, and THREE is left, whatever the interleaving. r3 is
     * the arbiter's two polls as digits (30: THREE, then empty).
     */
    @JCStressTest
    @Outcome(id = "1, 2, 30", expect = ACCEPTABLE, desc = "FIFO, each entry once, across the grow (r3: THREE, then nothing)")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost, duplicated or out of order in the grow")
    @State
    public static class GrowVersusSteal {
        final OwnerRing q = new OwnerRing(2);

        public GrowVersusSteal() {
            q.offer(ONE);
            q.offer(TWO); // full
        }

        @Actor
        public void owner() {
            q.offer(THREE);
        }

        @Actor
        public void stealer(III_Result r) {
            r.r1 = id(q.poll());
            r.r2 = id(q.poll());
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r3 = id(q.poll()) * 10 + id(q.poll());
        }
    }

    /**
     * The owner takes until it finds the grown ring empty, tidies it (which puts back a small
     * array) and then appends ONE again, while a stealer takes twice: ONE is taken twice (it was queued twice),
     * TWO and THREE once.
     */
    @JCStressTest
    @Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "every entry taken once across the shrink")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost or duplicated in the shrink")
    @State
    public static class ShrinkVersusSteal {
        final OwnerRing q = new OwnerRing(2);
        final int[] ownerTally = new int[4];
        final int[] stealerTally = new int[4];

        public ShrinkVersusSteal() {
            q.offer(ONE);
            q.offer(TWO);
            q.offer(THREE); // grown to 4
        }

        @Actor
        public void owner() {
            Fiber<?> f;
            while ((f = q.pollOwn()) != null) {
                count(f, ownerTally);
            }
            q.tidy();
            q.offer(ONE);
        }

        @Actor
        public void stealer() {
            count(q.poll(), stealerTally);
            count(q.poll(), stealerTally);
        }

        @Arbiter
        public void rest(III_Result r) {
            takeRestAndSum(q, ownerTally, stealerTally, r);
        }
    }

    /**
     * The owner clears the slot of a claimed position and reuses it for the same fiber (the slot
     * of position 0 takes position 2) while a stealer takes twice: the stealer's first take is TWO,
     * and ONE's new entry is taken exactly once (by the stealer or the arbiter).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "FIFO; the reused slot's entry taken once")
    @Outcome(expect = FORBIDDEN, desc = "a cleared or reused slot lost, duplicated or reordered an entry")
    @State
    public static class ClearAndReuseVersusSteal {
        final OwnerRing q = new OwnerRing(2);
        final int[] tally = new int[4];
        int first;

        public ClearAndReuseVersusSteal() {
            q.offer(ONE);
            q.offer(TWO);
            q.poll(); // ONE claimed at position 0, its slot not yet cleared
        }

        @Actor
        public void owner() {
            q.clearClaimed();
            q.offer(ONE);
        }

        @Actor
        public void stealer() {
            Fiber<?> f = q.poll();
            first = id(f);
            count(f, tally);
            count(q.poll(), tally);
        }

        @Arbiter
        public void rest(III_Result r) {
            Fiber<?> f;
            while ((f = q.poll()) != null) {
                count(f, tally);
            }
            r.r1 = tally[1];
            r.r2 = tally[2];
            r.r3 = first;
        }
    }

    /** The owner's own take races with a stealer's for three entries: each is taken once. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "each entry taken once")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost or taken twice")
    @State
    public static class OwnerTakeVersusSteal {
        final OwnerRing q = new OwnerRing(4);
        final int[] ownerTally = new int[4];
        final int[] stealerTally = new int[4];

        public OwnerTakeVersusSteal() {
            q.offer(ONE);
            q.offer(TWO);
            q.offer(THREE);
        }

        @Actor
        public void owner() {
            count(q.pollOwn(), ownerTally);
            count(q.pollOwn(), ownerTally);
        }

        @Actor
        public void stealer() {
            count(q.poll(), stealerTally);
            count(q.poll(), stealerTally);
        }

        @Arbiter
        public void rest(III_Result r) {
            takeRestAndSum(q, ownerTally, stealerTally, r);
        }
    }

    /**
     * The owner's offer clears the slots of claimed positions (every claimed position: batch 1)
     * while a stealer takes twice: the slot of ONE (claimed before) and possibly of TWO (claimed by
     * the stealer meanwhile) are cleared and the slot of position 0 is reused for THREE. The stealer
     * takes TWO first, and TWO and THREE are each taken once (by the stealer or the arbiter).
     * r1: the stealer's first take; r2, r3: how often TWO and THREE were taken.
     */
    @JCStressTest
    @Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "FIFO; each entry once across the offer's clearing")
    @Outcome(expect = FORBIDDEN, desc = "the offer's clearing lost, duplicated or reordered an entry")
    @State
    public static class ClearInOfferVersusSteal {
        final OwnerRing q = new OwnerRing(2, 1);
        final int[] tally = new int[4];
        int first;

        public ClearInOfferVersusSteal() {
            q.offer(ONE);
            q.offer(TWO);
            q.poll(); // ONE claimed at position 0, its slot not yet cleared
        }

        @Actor
        public void owner() {
            q.offer(THREE); // clears [0, head) first, then writes position 2 into slot 0
        }

        @Actor
        public void stealer() {
            Fiber<?> f = q.poll();
            first = id(f);
            count(f, tally);
            count(q.poll(), tally);
        }

        @Arbiter
        public void rest(III_Result r) {
            Fiber<?> f;
            while ((f = q.poll()) != null) {
                count(f, tally);
            }
            r.r1 = first;
            r.r2 = tally[2];
            r.r3 = tally[3];
        }
    }

    /**
     * The owner grows a full ring and then clears what it can of the retired array (issue 18's
     * seventh round: positions below head, which a stealer holding the old array may be about to
     * read) while a stealer takes twice: each entry is taken once, never a cleared slot's null as an entry.
     * r1, r2, r3: how often ONE, TWO and THREE were taken (by the stealer or the arbiter).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "each entry taken once")
    @Outcome(expect = FORBIDDEN, desc = "clearing the retired array lost or duplicated an entry")
    @State
    public static class ClearRetiredVersusSteal {
        final OwnerRing q = new OwnerRing(2, 1);
        final int[] ownerTally = new int[4];
        final int[] stealerTally = new int[4];
        public ClearRetiredVersusSteal() {
            q.offer(ONE);
            q.offer(TWO); // full: the next offer grows and retires this array
        }

        @Actor
        public void owner() {
            q.offer(THREE);
            q.clearClaimed(); // clears the retired array below the head it reads now
        }

        @Actor
        public void stealer() {
            count(q.poll(), stealerTally);
            count(q.poll(), stealerTally);
        }

        @Arbiter
        public void rest(III_Result r) {
            takeRestAndSum(q, ownerTally, stealerTally, r);
        }
    }

    /**
     * The owner grows a full ring and then takes as a consumer while a stealer takes twice (issue 18's
     * seventh round: every poll bounds itself by {@code tailSeen}, a tail that the other consumer
     * read and stored, possibly an older one than its own): every entry is taken exactly once.
     * r1, r2, r3: how often ONE, TWO and THREE were taken, by either or by the arbiter.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "each entry taken once")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost or taken twice across the grow")
    @State
    public static class OwnerAndStealerTakeAcrossGrow {
        final OwnerRing q = new OwnerRing(2);
        final int[] ownerTally = new int[4];
        final int[] stealerTally = new int[4];

        public OwnerAndStealerTakeAcrossGrow() {
            q.offer(ONE);
            q.offer(TWO); // full
        }

        @Actor
        public void owner() {
            q.offer(THREE);
            count(q.poll(), ownerTally);
        }

        @Actor
        public void stealer() {
            count(q.poll(), stealerTally);
            count(q.poll(), stealerTally);
        }

        @Arbiter
        public void rest(III_Result r) {
            takeRestAndSum(q, ownerTally, stealerTally, r);
        }
    }

    /**
     * {@code LevelQueuesStress.OfferVersusClearOnRing} on a worker's own queues: the owner appends
     * while a stealer finds the level empty with its bit still set. Since issue 18's fifth round a
     * stealer never clears a worker's bit (only the owner writes the word), and the entry must end
     * flagged. r1: the stealer's peek saw it; r2: flagged at the end.
     */
    @JCStressTest
    @Outcome(id = {"0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "the entry is flagged (seen by the peek or not)")
    @Outcome(id = {"0, 0", "1, 0"}, expect = FORBIDDEN, desc = "an entry is queued but its level is not flagged")
    @State
    public static class OfferVersusClearOnOwned {
        final LevelQueues queues = LevelQueues.owned();

        public OfferVersusClearOnOwned() {
            queues.offer(LEVEL, ONE);
            queues.poll(LEVEL); // empty, bit still set: the next peek clears it
        }

        @Actor
        public void owner() {
            queues.offer(LEVEL, TWO);
        }

        @Actor
        public void stealer(II_Result r) {
            r.r1 = queues.peek(LEVEL) != null ? 1 : 0;
        }

        @Arbiter
        public void flagged(II_Result r) {
            r.r2 = (queues.nonEmpty() & (1 << LEVEL)) != 0 && queues.peek(LEVEL) == TWO ? 1 : 0;
        }
    }

    /**
     * {@code LevelQueuesStress.PeekVersusPollsOnRing} on a worker's own queues: a peek overtaken by
     * two polls must not clear the bit while the third entry waits. r1: entries left; r2: flagged.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the last entry is flagged")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "an entry is left but its level is not flagged")
    @State
    public static class PeekVersusPollsOnOwned {
        final LevelQueues queues = LevelQueues.owned();

        public PeekVersusPollsOnOwned() {
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
}
