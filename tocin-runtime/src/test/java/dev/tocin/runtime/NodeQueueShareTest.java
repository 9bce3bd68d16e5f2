package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A worker takes its share of its node's shared queue with one CAS (issue 18's tenth round): the
 * rest of the batch waits on its own ring, in order; and it does so only while its ring is empty
 * at that level, so fibers queued from outside never end up behind younger ones.
 */
class NodeQueueShareTest {
    /** More than a chunk of the node's queue: the first share ends at the chunk, the second starts the next. */
    private static final int QUEUED = ChunkedQueue.CHUNK + 72;

    @Test
    void aWorkerTakesItsShareOfTheNodesQueueAndRunsItInOrder() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var ran = new ConcurrentLinkedQueue<Integer>();
            var waitingOnRing = new ConcurrentLinkedQueue<Integer>();
            var gate = new Gate(); // holds the one worker until every fiber is queued
            s.goWithPriority(Priority.CRITICAL, gate);
            gate.awaitEntered();
            for (int i = 0; i < QUEUED; i++) {
                int fiber = i;
                s.go(() -> {
                    waitingOnRing.add(Worker.current().local.size());
                    ran.add(fiber);
                });
            }
            gate.open();
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();

            assertThat(ran).containsExactlyElementsOf(IntStream.range(0, QUEUED).boxed().toList());
            // While a share's first entry runs, the rest wait on the ring (taken one per CAS,
            // nothing ever waited there).
            var shares = shares(QUEUED, Worker.STEAL_BATCH, ChunkedQueue.CHUNK);
            assertThat(shares).as("shares of %d entries", QUEUED).hasSizeGreaterThan(1);
            var expected = new ArrayList<Integer>();
            for (int share : shares) {
                for (int left = share - 1; left >= 0; left--) {
                    expected.add(left);
                }
            }
            assertThat(waitingOnRing).containsExactlyElementsOf(expected);
        }
    }

    /**
     * The shares one worker takes of {@code queued} entries: all that are queued plus one, at most
     * {@code cap}, and never past the end of the head's chunk.
     */
    private static List<Integer> shares(int queued, int cap, int chunk) {
        var sizes = new ArrayList<Integer>();
        for (int taken = 0; taken < queued; ) {
            int left = queued - taken;
            int n = Math.min(Math.min(cap, left + 1), Math.min(left, chunk - taken % chunk));
            sizes.add(n);
            taken += n;
        }
        return sizes;
    }

    @Test
    void fibersFromOutsideRunBeforeYoungerFibersOnTheRing() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var ran = new ConcurrentLinkedQueue<String>();
            var gate = new Gate();
            s.goWithPriority(Priority.CRITICAL, () -> {
                gate.run();
                for (int i = 0; i < 3; i++) {
                    int child = i;
                    s.goWithPriority(Priority.NORMAL, () -> ran.add("ring " + child)); // this worker's ring
                }
            });
            gate.awaitEntered();
            for (int i = 0; i < 40; i++) {
                int fiber = i;
                s.goWithPriority(Priority.NORMAL, () -> ran.add("outside " + fiber)); // the node's queue
            }
            int queuedAt = s.stamp();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (s.stamp() == queuedAt) { // the children must be younger by the aging clock
                assertThat(System.nanoTime()).as("the aging clock did not move").isLessThan(deadline);
                Thread.onSpinWait();
            }
            gate.open();
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();

            // Had the worker moved a share of the node's queue behind the children on its ring, the
            // node's remaining entries (older than the children) would have run before that share.
            var expected = new ArrayList<String>();
            IntStream.range(0, 40).forEach(i -> expected.add("outside " + i));
            IntStream.range(0, 3).forEach(i -> expected.add("ring " + i));
            assertThat(ran).containsExactlyElementsOf(expected);
        }
    }
}
