package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A worker's ring does not keep fibers reachable once stealers took them, while its owner keeps
 * appending (issue 18's fifth round): a task that started a million children kept every finished
 * child reachable from the grown array until the burst ended, and each young collection copied them.
 */
class OwnerRingRetentionTest {
    @Test
    void claimedFibersAreReleasedWhileTheOwnerKeepsOffering() {
        var ring = new OwnerRing();
        for (int i = 0; i < 100_000; i++) {
            ring.offer(QueueStressFibers.fiber());
            if (i % 3 != 0) { // a stealer that keeps up most of the time, so the ring also grows
                assertThat(ring.poll()).isNotNull();
            }
            if (i % 997 == 0) { // counting scans the whole array
                assertThat(ring.claimedStillReferenced()).as("claimed fibers still referenced after offer %d", i)
                        .isLessThanOrEqualTo(2 * OwnerRing.CLEAR_BATCH); // head is read every CLEAR_BATCH offers
            }
        }
        assertThat(ring.capacity()).as("the backlog grew the ring").isGreaterThan(OwnerRing.INITIAL_CAPACITY);
    }

    /**
     * The arrays a burst grew out of (issue 18's seventh round): a backlog of 100,000 makes the ring
     * grow from 256 to 131,072 entries; once the taker has claimed everything, the owner's next
     * offers clear the retired arrays, which kept every fiber they had held reachable before
     * (large ones are humongous, old-generation objects for G1).
     */
    @Test
    void arraysReplacedByAGrowAreClearedOnceTheirPositionsAreClaimed() {
        var ring = new OwnerRing();
        int backlog = 100_000;
        for (int i = 0; i < backlog; i++) {
            ring.offer(QueueStressFibers.fiber());
        }
        for (int i = 0; i < backlog; i++) {
            assertThat(ring.poll()).isNotNull();
        }
        assertThat(ring.retiredStillReferenced()).as("claimed fibers in retired arrays before the owner looked").isPositive();
        for (int i = 0; i < OwnerRing.CLEAR_BATCH; i++) { // the owner reads head once in CLEAR_BATCH offers
            ring.offer(QueueStressFibers.fiber());
        }
        assertThat(ring.retiredStillReferenced()).as("claimed fibers left in arrays the ring grew out of").isZero();
        assertThat(ring.claimedStillReferenced()).isLessThanOrEqualTo(OwnerRing.CLEAR_BATCH);
    }

    @Test
    void aClearingBatchOfOneKeepsNothingClaimed() {
        var ring = new OwnerRing(2, 1);
        for (int i = 0; i < 1_000; i++) {
            ring.offer(QueueStressFibers.fiber());
            ring.poll();
            ring.offer(QueueStressFibers.fiber()); // clears the position just claimed
            assertThat(ring.claimedStillReferenced()).isZero();
            ring.poll();
        }
    }
}
