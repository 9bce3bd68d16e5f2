package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link LevelQueues} under many threads: producers offer at random levels while consumers find
 * work only through the summary word (as a worker's take does) and never look at a queue the word
 * does not flag. If the word ever said "empty" for a queue holding an entry with nobody left to
 * fix it, the consumers would stop finding that entry and the bounded wait fails. Producers offer
 * in bursts and wait for each to be drained, so the queues run empty often, with consumers racing
 * on the last entries: where a peek that wrongly answered "empty" cleared a bit for good. Every
 * entry is taken exactly once.
 */
class LevelQueuesProperties {
    /**
     * The bound for a whole try. 20 s was too short on this 2-core machine at load average 9 (a
     * full build beside it): a try ran out of time with every level flagged and entries still
     * being taken, i.e. slow, not stuck. A lost flag stops progress for good and still fails.
     */
    private static final long BOUND_SECONDS = 60;

    @Property(tries = 6, shrinking = ShrinkingMode.OFF)
    void everyEntryIsFoundThroughTheWordAndTakenOnce(
            @ForAll @IntRange(min = 1, max = 3) int producers,
            @ForAll @IntRange(min = 2, max = 4) int consumers) throws Exception {
        // Bursts, each drained before the next: every drain's end is a moment where a wrongly
        // cleared bit would stay cleared (no later offer sets it again).
        int burst = 32;
        int rounds = 400;
        int perProducer = burst * rounds;
        int total = producers * perProducer;
        var queues = LevelQueues.linked(); // multi-producer: a worker's own queues are tested in OwnerRingProperties
        var fibers = new Fiber<?>[total];
        var index = new IdentityHashMap<Fiber<?>, Integer>();
        for (int i = 0; i < total; i++) {
            fibers[i] = QueueStressFibers.fiber();
            index.put(fibers[i], i);
        }
        var takenTimes = new AtomicIntegerArray(total);
        var taken = new AtomicInteger();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var start = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        var threads = new ArrayList<Thread>();
        for (int p = 0; p < producers; p++) {
            int first = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    var random = ThreadLocalRandom.current();
                    for (int round = 0; round < rounds; round++) {
                        for (int i = first + round * burst; i < first + (round + 1) * burst; i++) {
                            int level = random.nextInt(LightweightScheduler.LEVELS);
                            queues.offer(level, fibers[i]);
                        }
                        int drained = (round + 1) * burst * producers;
                        while (taken.get() < drained && failures.isEmpty()) {
                            if (System.nanoTime() - deadline > 0) {
                                throw new AssertionError("burst " + round + " not drained through the summary word: "
                                        + taken.get() + " of " + drained + " taken (word "
                                        + Integer.toBinaryString(queues.nonEmpty()) + ", queued " + queues.size() + ")");
                            }
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    while (taken.get() < total && failures.isEmpty()) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("entries left unfound through the summary word: " + (total - taken.get())
                                    + " of " + total + " (word " + Integer.toBinaryString(queues.nonEmpty())
                                    + ", queued " + queues.size() + ")");
                        }
                        for (int levels = queues.nonEmpty(); levels != 0; levels &= levels - 1) {
                            int level = Integer.numberOfTrailingZeros(levels);
                            if (queues.peek(level) == null) {
                                continue;
                            }
                            Fiber<?> f = queues.poll(level);
                            if (f != null) {
                                takenTimes.incrementAndGet(index.get(f));
                                taken.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (var t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS + 10));
            assertThat(t.isAlive()).as("thread still running after the bound").isFalse();
        }
        assertThat(failures).isEmpty();
        for (int i = 0; i < total; i++) {
            assertThat(takenTimes.get(i)).as("entry %d taken", i).isEqualTo(1);
        }
        assertThat(queues.anyQueued()).isFalse();
    }
}
