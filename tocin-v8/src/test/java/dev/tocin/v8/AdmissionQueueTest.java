package dev.tocin.v8;

import dev.tocin.runtime.Fiber.Priority;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool's admission order on a simulated clock: priority first, FIFO within a level, aging against starvation. */
class AdmissionQueueTest {
    private static final long MS = 1_000_000;

    @Test
    void moreUrgentFirstThenFirstComeFirstServed() {
        var q = new AdmissionQueue(1000 * MS);
        var b1 = q.add(Priority.BACKGROUND, 0);
        var n1 = q.add(Priority.NORMAL, 1);
        var b2 = q.add(Priority.BACKGROUND, 2);
        var c = q.add(Priority.CRITICAL, 3);
        var n2 = q.add(Priority.NORMAL, 4);
        var served = new ArrayList<AdmissionQueue.Waiter>();
        for (var w = q.next(5); w != null; w = q.next(5)) {
            served.add(w);
        }
        assertThat(served).containsExactly(c, n1, n2, b1, b2);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void aWaiterAgesOneLevelPerBoundAndThenWinsByAge() {
        var q = new AdmissionQueue(20 * MS);
        var background = q.add(Priority.BACKGROUND, 0);
        // 79 ms later BACKGROUND counts as HIGH (4 - 3): a new CRITICAL caller still goes first
        var critical = q.add(Priority.CRITICAL, 79 * MS);
        assertThat(q.next(79 * MS)).isSameAs(critical);
        // at 80 ms it counts as CRITICAL and is older than any CRITICAL caller arriving now
        var late = q.add(Priority.CRITICAL, 80 * MS);
        assertThat(q.next(80 * MS)).isSameAs(background);
        assertThat(q.next(80 * MS)).isSameAs(late);
    }

    @Test
    void removeTakesAGivenUpWaiterOut() {
        var q = new AdmissionQueue(MS);
        var a = q.add(Priority.LOW, 0);
        var b = q.add(Priority.LOW, 0);
        assertThat(q.remove(a)).isTrue();
        assertThat(q.remove(a)).isFalse();
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.drain()).containsExactly(b);
        assertThat(q.next(0)).isNull();
    }

    /**
     * Whatever the arrivals and however few get served, every waiter is served exactly once, and a
     * waiter is never overtaken by one that arrived more than four aging bounds after it.
     */
    @Property(tries = 200)
    void everyWaiterIsServedOnceAndNoneStarves(@ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 4) Integer> levels,
                                               @ForAll @IntRange(min = 0, max = 3) int servePerTick) {
        long bound = 10;
        var q = new AdmissionQueue(bound);
        var added = new ArrayList<AdmissionQueue.Waiter>();
        var served = new ArrayList<AdmissionQueue.Waiter>();
        long now = 0;
        for (int level : levels) {
            added.add(q.add(Priority.of(level), now));
            now++;
            for (int i = 0; i < servePerTick; i++) {
                var w = q.next(now);
                if (w != null) {
                    served.add(w);
                }
            }
        }
        for (var w = q.next(now); w != null; w = q.next(now)) {
            served.add(w);
        }
        assertThat(served).containsExactlyInAnyOrderElementsOf(added);
        for (int i = 0; i < served.size(); i++) {
            for (int j = i + 1; j < served.size(); j++) {
                var early = served.get(i);
                var late = served.get(j);
                assertThat(early.enqueuedAt - late.enqueuedAt <= 4 * bound)
                        .as("%s waiter from t=%d served before %s waiter from t=%d", early.priority, early.enqueuedAt,
                                late.priority, late.enqueuedAt).isTrue();
            }
        }
    }
}
