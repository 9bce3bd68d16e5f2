package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link SlotTable} under many threads adding and removing at random: no slot is ever held by two
 * live items, an item that stays live for the whole run is seen by every {@code forEach} meanwhile
 * (what {@code shutdownNow} needs to interrupt every parked fiber), and at the end {@code forEach}
 * yields exactly the live items. Slots cross the first chunk boundary (1024), so chunk creation
 * races too.
 */
class SlotTableProperties {
    @Property(tries = 6, shrinking = ShrinkingMode.OFF)
    void slotsAreExclusiveAndForEachSeesLiveItems(@ForAll @IntRange(min = 2, max = 6) int threads) throws Exception {
        var table = new SlotTable<Object>();
        int livePerThread = 400;
        var owners = new AtomicReferenceArray<Object>(threads * livePerThread + threads + 8);
        var pinned = ConcurrentHashMap.<Object>newKeySet();
        var finalLive = ConcurrentHashMap.<Object>newKeySet();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var start = new CountDownLatch(1);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    var random = ThreadLocalRandom.current();
                    var mine = new ArrayList<int[]>(); // slot, index into items
                    var items = new ArrayList<Object>();
                    var pin = new Object();
                    int pinSlot = table.add(pin);
                    claim(owners, pinSlot, pin);
                    pinned.add(pin);
                    start.await();
                    for (int op = 0; op < 30_000; op++) {
                        if (!mine.isEmpty() && (mine.size() >= livePerThread - 1 || random.nextBoolean())) {
                            int k = random.nextInt(mine.size());
                            int[] entry = mine.remove(k);
                            var item = items.remove(k);
                            if (!owners.compareAndSet(entry[0], item, null)) {
                                throw new AssertionError("slot " + entry[0] + " changed owner while held");
                            }
                            table.remove(entry[0]);
                        } else {
                            var item = new Object();
                            int slot = table.add(item);
                            claim(owners, slot, item);
                            mine.add(new int[] {slot});
                            items.add(item);
                        }
                        if (op % 5_000 == 0) {
                            // Pins added before forEach starts (each is in the table before it is in pinned).
                            var expected = Set.copyOf(pinned);
                            Set<Object> seen = new HashSet<>();
                            table.forEach(seen::add);
                            if (!seen.containsAll(expected)) {
                                throw new AssertionError("forEach missed an item live for the whole run");
                            }
                        }
                    }
                    finalLive.add(pin);
                    finalLive.addAll(items);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (var w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(w.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
        List<Object> seen = new ArrayList<>();
        table.forEach(seen::add);
        assertThat(seen).hasSize(finalLive.size());
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(finalLive));
    }

    private static void claim(AtomicReferenceArray<Object> owners, int slot, Object item) {
        if (slot >= owners.length()) {
            throw new AssertionError("slot " + slot + " beyond the most items ever live at once: freed slots were not reused");
        }
        if (!owners.compareAndSet(slot, null, item)) {
            throw new AssertionError("slot " + slot + " handed out while another item holds it");
        }
    }
}
