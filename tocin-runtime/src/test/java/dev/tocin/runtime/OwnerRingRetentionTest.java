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
