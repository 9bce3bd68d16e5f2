package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A worker steals half of another worker's ring at a time (issue 18's ninth round): the entries
 * it moves wait on its own ring and run in their order, all on the thief; each counts as a steal.
 */
class StealHalfTest {
    private static final int CHILDREN = 64;

    @Test
    void aStealTakesHalfOfTheVictimsRingAndRunsItInOrder() throws Exception {
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var ran = new ConcurrentLinkedQueue<Integer>();
            var waitingOnThief = new ConcurrentLinkedQueue<Integer>();
            var thieves = new ConcurrentLinkedQueue<Thread>();
            var spawner = new AtomicReference<Thread>();
            var spawnedAll = new Gate(); // holds the other worker until every child is queued
            var children = new CountDownLatch(CHILDREN);
            s.goWithPriority(Priority.CRITICAL, spawnedAll);
            spawnedAll.awaitEntered();
            s.go(() -> {
                spawner.set(Worker.current());
                for (int i = 0; i < CHILDREN; i++) {
                    int child = i;
                    s.go(() -> {
                        thieves.add(Worker.current());
                        waitingOnThief.add(Worker.current().local.size());
                        ran.add(child);
                        children.countDown();
                    });
                }
                spawnedAll.open();
                while (children.getCount() > 0) {
                    Thread.onSpinWait(); // keep this worker busy: only the other one can run the children
                }
            });
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();

            assertThat(ran).containsExactlyElementsOf(IntStream.range(0, CHILDREN).boxed().toList());
            assertThat(thieves).doesNotContain(spawner.get()).hasSize(CHILDREN);
            // 64 queued: batches of 32 (the cap), 16, 8, 4, 2, 1, 1; while a batch's first entry
            // runs, the rest wait on the thief's ring (one at a time, nothing ever waited there).
            var expectedWaiting = new ArrayList<Integer>();
            for (int batch : halvings(CHILDREN, Worker.STEAL_BATCH)) {
                for (int left = batch - 1; left >= 0; left--) {
                    expectedWaiting.add(left);
                }
            }
            assertThat(waitingOnThief).containsExactlyElementsOf(expectedWaiting);
            assertThat(s.getStats().steals()).as("every fiber taken from the other worker counts").isEqualTo(CHILDREN);
        }
    }

    /** The batch sizes of stealing {@code queued} entries half at a time, at most {@code cap} each. */
    private static List<Integer> halvings(int queued, int cap) {
        var sizes = new ArrayList<Integer>();
        for (int left = queued; left > 0; ) {
            int n = Math.min(cap, (left + 1) / 2);
            sizes.add(n);
            left -= n;
        }
        return sizes;
    }
}
