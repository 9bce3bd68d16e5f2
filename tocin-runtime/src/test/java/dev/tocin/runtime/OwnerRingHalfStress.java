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

/**
 * jcstress on {@link OwnerRing#pollHalf}, a stealer's batch take (issue 18's ninth round), against
 * the owner's offer (and the grow it triggers), its own take and its clearing and reuse of claimed
 * slots. Run with the stress profile. Each result is a digit string of what the stealer's batches
 * took, in order, so that an entry lost, taken twice or out of order is a distinct outcome.
 */
public final class OwnerRingHalfStress {
    private static final int BATCH = 32;

    private OwnerRingHalfStress() {
    }

    /** The ids of one batch as digits, oldest first (0: the ring was empty). */
    private static int takeHalf(OwnerRing q) {
        var out = new Fiber<?>[BATCH];
        int n = q.pollHalf(out);
        int digits = 0;
        for (int i = 0; i < n; i++) {
            digits = digits * 10 + id(out[i]);
        }
        return digits;
    }

    private static int drain(OwnerRing q) {
        int digits = 0;
        Fiber<?> f;
        while ((f = q.poll()) != null) {
            digits = digits * 10 + id(f);
        }
        return digits;
    }

    /**
     * The owner grows a full two-entry ring by offering THREE while a stealer takes two batches:
     * the first is half of what it saw (ONE, or ONE and TWO if it saw THREE), the second is bounded
     * by the tail the first one read (so TWO alone after ONE); all three are taken once, in order.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "ONE (half of two), then TWO (up to the tail read first), THREE left")
    @Outcome(id = "12, 3, 0", expect = ACCEPTABLE, desc = "ONE and TWO as half of three, then THREE")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost, duplicated or out of order across the grow")
    @State
    public static class HalfAcrossGrow {
        final OwnerRing q = new OwnerRing(2);

        public HalfAcrossGrow() {
            q.offer(ONE);
            q.offer(TWO); // full
        }

        @Actor
        public void owner() {
            q.offer(THREE);
        }

        @Actor
        public void stealer(III_Result r) {
            r.r1 = takeHalf(q);
            r.r2 = takeHalf(q);
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r3 = drain(q);
        }
    }

    /**
     * The owner takes one entry while a stealer takes half of three: whoever claims first, every
     * entry is taken once and the stealer's batch is the oldest entries left, in order (a stealer
     * whose CAS lost to the owner looks again and takes half of two). r2 is the owner's take, r3
     * what is left.
     */
    @JCStressTest
    @Outcome(id = "12, 3, 0", expect = ACCEPTABLE, desc = "the stealer first (two of three), then the owner")
    @Outcome(id = "2, 1, 3", expect = ACCEPTABLE, desc = "the owner first, then the stealer half of two")
    @Outcome(expect = FORBIDDEN, desc = "an entry lost or taken twice")
    @State
    public static class HalfVersusOwnerTake {
        final OwnerRing q = new OwnerRing(4);

        public HalfVersusOwnerTake() {
            q.offer(ONE);
            q.offer(TWO);
            q.offer(THREE);
        }

        @Actor
        public void owner(III_Result r) {
            r.r2 = id(q.pollOwn());
        }

        @Actor
        public void stealer(III_Result r) {
            r.r1 = takeHalf(q);
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r3 = drain(q);
        }
    }

    /**
     * The owner clears the slot of a claimed position and reuses it for ONE again (position 0's
     * slot takes position 2) while a stealer takes two batches: TWO comes first and ONE's new
     * entry is taken once, by the stealer or by the arbiter (r3).
     */
    @JCStressTest
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "TWO, then ONE's new entry")
    @Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "TWO, then empty before the reuse; ONE left")
    @Outcome(id = "2, 0, 0", expect = FORBIDDEN, desc = "the cleared slot read as ONE's new entry: ONE lost")
    @Outcome(expect = FORBIDDEN, desc = "a cleared or reused slot lost, duplicated or reordered an entry")
    @State
    public static class HalfVersusClearAndReuse {
        final OwnerRing q = new OwnerRing(2);

        public HalfVersusClearAndReuse() {
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
        public void stealer(III_Result r) {
            r.r1 = takeHalf(q);
            r.r2 = takeHalf(q);
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r3 = drain(q);
        }
    }
}
