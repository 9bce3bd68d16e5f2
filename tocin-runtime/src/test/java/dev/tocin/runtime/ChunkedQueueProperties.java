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
 * A node's shared queues ({@link LevelQueues#shared}, {@link ChunkedQueue}) under many threads, as
 * the scheduler uses them: several producers offer at random levels, consumers find work only
 * through the summary word. Chunks are tiny to huge (1 to 128 slots), so producers and consumers
 * keep appending and walking chunks, and producers are often between their claim and their store
 * (a "not ready" head). Producers offer in bursts and wait for each burst to be drained, so the
 * queues run empty often, where a wrongly cleared bit stays cleared. Every entry is taken exactly
 * once within a bounded wait, and every consumer sees one producer's entries of one level in the
 * order they were offered (FIFO). With {@code batch} above 1, consumers take up to that many entries
 * at a time with one CAS, as a worker takes its share of its node's queue (the batch stops at the
 * head's chunk and at a position not yet written).
 */
class ChunkedQueueProperties {
    /** As in {@link LevelQueuesProperties}: slow under load is not stuck; a lost entry or flag stops progress for good. */
    private static final long BOUND_SECONDS = 60;

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void everyEntryIsTakenOnceInOrderThroughTheWord(
            @ForAll @IntRange(min = 1, max = 3) int producers,
            @ForAll @IntRange(min = 1, max = 3) int consumers,
            @ForAll @IntRange(min = 0, max = 3) int chunkChoice,
            @ForAll @IntRange(min = 1, max = 8) int batch) throws Exception {
        int chunk = new int[] {1, 2, 7, ChunkedQueue.CHUNK}[chunkChoice];
        int burst = 48;
        int rounds = 200;
        int perProducer = burst * rounds;
        int total = producers * perProducer;
        var queues = LevelQueues.shared(chunk);
        var fibers = new Fiber<?>[total];
        var levels = new int[total];
        var index = new IdentityHashMap<Fiber<?>, Integer>();
        var random = ThreadLocalRandom.current();
        for (int i = 0; i < total; i++) {
            fibers[i] = QueueStressFibers.fiber();
            levels[i] = random.nextInt(LightweightScheduler.LEVELS);
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
                    for (int round = 0; round < rounds; round++) {
                        for (int i = first + round * burst; i < first + (round + 1) * burst; i++) {
                            assertThat(queues.offer(levels[i], fibers[i])).isTrue();
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
                    // the last entry index seen per producer and level: entries are numbered in offer order
                    var out = new Fiber<?>[batch];
                    var last = new int[producers][LightweightScheduler.LEVELS];
                    for (var row : last) {
                        java.util.Arrays.fill(row, -1);
                    }
                    while (taken.get() < total && failures.isEmpty()) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("entries left unfound through the summary word: " + (total - taken.get())
                                    + " of " + total + " (word " + Integer.toBinaryString(queues.nonEmpty())
                                    + ", queued " + queues.size() + ")");
                        }
                        for (int word = queues.nonEmpty(); word != 0; word &= word - 1) {
                            int level = Integer.numberOfTrailingZeros(word);
                            if (queues.peek(level) == null) {
                                continue;
                            }
                            int n;
                            if (batch == 1) {
                                Fiber<?> f = queues.poll(level);
                                out[0] = f;
                                n = f == null ? 0 : 1;
                            } else {
                                n = queues.poll(level, out, batch);
                            }
                            for (int k = 0; k < n; k++) {
                                int i = index.get(out[k]);
                                assertThat(levels[i]).as("entry %d's level", i).isEqualTo(level);
                                int producer = i / perProducer;
                                assertThat(i).as("FIFO of producer %d at level %d", producer, level)
                                        .isGreaterThan(last[producer][level]);
                                last[producer][level] = i;
                                takenTimes.incrementAndGet(i);
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
        assertThat(queues.size()).isZero();
    }
}
