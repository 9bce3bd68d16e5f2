package dev.tocin.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * jcstress on the real {@link SlotTable} (the scheduler's live runners): concurrent adds never
 * share a slot, and an add racing with a remove leaves exactly the added item live.
 */
public final class SlotTableStress {
    private SlotTableStress() {
    }

    /** Two adds race for the one freed slot: they get different slots. */
    @JCStressTest
    @Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "one got the freed slot, the other a new one")
    @Outcome(expect = FORBIDDEN, desc = "both got the same slot")
    @State
    public static class TwoAddsOneFreeSlot {
        final SlotTable<Object> table = new SlotTable<>();

        public TwoAddsOneFreeSlot() {
            table.remove(table.add("first")); // slot 0 is free, slot 1 is next
        }

        @Actor
        public void addA(II_Result r) {
            r.r1 = table.add("a");
        }

        @Actor
        public void addB(II_Result r) {
            r.r2 = table.add("b");
        }
    }

    /** A remove (pushing its slot) races with an add (popping one): the new item stays live, the old one does not. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "only the added item is live")
    @Outcome(expect = FORBIDDEN, desc = "the added item is missing or the removed one is still there")
    @State
    public static class AddVersusRemove {
        final SlotTable<Object> table = new SlotTable<>();
        final Object added = new Object();
        final Object removed = new Object();
        final int removedSlot;

        public AddVersusRemove() {
            table.remove(table.add("spare")); // one free slot, so the add and the remove both touch the stack
            removedSlot = table.add(removed);
        }

        @Actor
        public void remover() {
            table.remove(removedSlot);
        }

        @Actor
        public void adder() {
            table.add(added);
        }

        @Arbiter
        public void live(I_Result r) {
            int[] seen = {0};
            boolean[] bad = {false};
            table.forEach(item -> {
                if (item == added) {
                    seen[0]++;
                } else {
                    bad[0] = true;
                }
            });
            r.r1 = bad[0] ? -1 : seen[0];
        }
    }
}
