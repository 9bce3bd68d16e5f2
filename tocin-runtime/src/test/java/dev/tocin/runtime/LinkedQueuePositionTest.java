package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The linked queue's node positions are {@code int}s that wrap (a 24-byte node instead of 32):
 * its size and order must not notice the wrap.
 */
class LinkedQueuePositionTest {
    @Test
    void sizeAndOrderAcrossTheIntWrap() {
        var q = new LinkedQueue(Integer.MAX_VALUE - 3);
        var offered = new ArrayList<Fiber<?>>();
        for (int i = 0; i < 10; i++) {
            var f = QueueStressFibers.fiber();
            offered.add(f);
            assertThat(q.offer(f)).isTrue();
            assertThat(q.size()).isEqualTo(i + 1); // positions pass Integer.MAX_VALUE at the fourth offer
        }
        for (int i = 0; i < 10; i++) {
            assertThat(q.peek()).isSameAs(offered.get(i));
            assertThat(q.poll()).isSameAs(offered.get(i));
            assertThat(q.size()).isEqualTo(9 - i);
        }
        assertThat(q.poll()).isNull();
        assertThat(q.peek()).isNull();
    }

    @Test
    void sizeOfAnEmptyQueueStartedAnywhereIsZero() {
        for (int start : new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            var q = new LinkedQueue(start);
            assertThat(q.size()).isZero();
            q.offer(QueueStressFibers.fiber());
            assertThat(q.size()).isEqualTo(1);
            q.poll();
            assertThat(q.size()).isZero();
        }
    }
}
