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
 * A worker's own queues ({@link LevelQueues#owned}, {@link OwnerRing}) under many threads, used as
 * a worker uses them: one owner appends bursts at random levels (large enough to grow the rings
 * many times) and takes from its own rings ({@code pollOwn}, which clears claimed slots and shrinks
 * an empty ring) and tidies them, while stealers take through the summary word only. Every entry is
 * taken exactly once within a bounded wait (a wrongly clear bit or an entry lost in a grow or
 * shrink fails it), and every taker sees each level's entries in the order they were offered.
 * Since issue 18's fifth round the owner also looks at its levels while it waits ({@code peekOwn},
 * the only place that clears a worker's bit) and its offers clear claimed slots every
 * {@code clearBatch} claimed positions (1 or the default, rings starting at 2 entries or the
 * default), both racing the stealers. Since the ninth round stealers may take half a ring at a
 * time, as workers steal ({@code pollHalf}, up to {@link Worker#STEAL_BATCH} entries per CAS).
 */
class OwnerRingProperties {
    /**
     * The bound for a whole try: 60 s, as in {@link LevelQueuesProperties}, whose 20 s ran out at
     * load average 9 while entries were still being taken. A lost flag or entry stops progress for
     * good and still fails.
     */
    private static final long BOUND_SECONDS = 60;

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void everyEntryIsTakenOnceInOrderAcrossGrowthAndShrinking(
            @ForAll @IntRange(min = 1, max = 3) int stealers,
            @ForAll @IntRange(min = 1, max = 3000) int maxBurst,
            @ForAll boolean ownerTakes,
            @ForAll boolean small,
            @ForAll boolean halves) throws Exception {
        int rounds = 60;
        var random = ThreadLocalRandom.current();
        var bursts = new int[rounds];
        int total = 0;
        for (int r = 0; r < rounds; r++) {
            bursts[r] = 1 + random.nextInt(maxBurst);
            total += bursts[r];
        }
        var queues = small ? LevelQueues.owned(2, 1) : LevelQueues.owned();
        var fibers = new Fiber<?>[total];
        var levels = new int[total];
        var index = new IdentityHashMap<Fiber<?>, Integer>();
        for (int i = 0; i < total; i++) {
            fibers[i] = QueueStressFibers.fiber();
            levels[i] = random.nextInt(LightweightScheduler.LEVELS);
            index.put(fibers[i], i);
        }
        int all = total;
        var takenTimes = new AtomicIntegerArray(total);
        var taken = new AtomicInteger();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var start = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        var threads = new ArrayList<Thread>();
        threads.add(Thread.ofPlatform().start(() -> {
            try {
                start.await();
                var order = new Order();
                int next = 0;
                for (int r = 0; r < rounds; r++) {
                    for (int end = next + bursts[r]; next < end; next++) {
                        assertThat(queues.offer(levels[next], fibers[next])).isTrue();
                    }
                    int drained = next;
                    while (taken.get() < drained && failures.isEmpty()) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("round " + r + " not drained: " + taken.get() + " of " + drained
                                    + " taken (word " + Integer.toBinaryString(queues.nonEmpty()) + ", queued "
                                    + queues.size() + ")");
                        }
                        for (int level = 0; level < LightweightScheduler.LEVELS; level++) {
                            queues.peekOwn(level); // clears the bit of a level the stealers emptied
                        }
                        if (ownerTakes) {
                            for (int level = 0; level < LightweightScheduler.LEVELS; level++) {
                                var f = queues.pollOwn(level);
                                if (f != null) {
                                    order.took(index.get(f), levels, takenTimes, taken);
                                }
                            }
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                    queues.tidy();
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }));
        for (int s = 0; s < stealers; s++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    var order = new Order();
                    var batch = new Fiber<?>[halves ? Worker.STEAL_BATCH : 1];
                    while (taken.get() < all && failures.isEmpty()) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("entries left unfound through the summary word: "
                                    + (all - taken.get()) + " (word " + Integer.toBinaryString(queues.nonEmpty())
                                    + ", queued " + queues.size() + ")");
                        }
                        for (int flagged = queues.nonEmpty(); flagged != 0; flagged &= flagged - 1) {
                            int level = Integer.numberOfTrailingZeros(flagged);
                            if (queues.peek(level) == null) {
                                continue;
                            }
                            if (halves) {
                                int n = queues.pollHalf(level, batch);
                                for (int i = 0; i < n; i++) {
                                    order.took(index.get(batch[i]), levels, takenTimes, taken);
                                }
                                continue;
                            }
                            var f = queues.poll(level);
                            if (f != null) {
                                order.took(index.get(f), levels, takenTimes, taken);
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

    /** One taker's view: per level, the entries it takes were offered in increasing order. */
    private static final class Order {
        private final int[] last = {-1, -1, -1, -1, -1};

        void took(Integer i, int[] levels, AtomicIntegerArray takenTimes, AtomicInteger taken) {
            assertThat(i).as("a fiber that was never offered").isNotNull();
            int level = levels[i];
            assertThat(i).as("FIFO at level %d", level).isGreaterThan(last[level]);
            last[level] = i;
            takenTimes.incrementAndGet(i);
            taken.incrementAndGet();
        }
    }
}
