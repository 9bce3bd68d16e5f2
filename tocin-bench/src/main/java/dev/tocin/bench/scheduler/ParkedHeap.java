package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * Heap per parked task: the heap in use (after full collections, as reported by the
 * {@code MemoryMXBean}) with {@code count} tasks parked on one latch, minus the heap in use
 * before they started, divided by {@code count}. Includes everything a parked task keeps
 * alive: its handle, thread or continuation, stack chunk and its place in the latch's
 * wait queue (the same for every implementation).
 */
final class ParkedHeap {
    private static final int SETTLE_COLLECTIONS = 3;

    private ParkedHeap() {
    }

    static double bytesPerParkedTask(Contender contender, int count) throws InterruptedException, TimeoutException {
        var release = new CountDownLatch(1);
        var parked = new CountDownLatch(count);
        var finished = new CountDownLatch(count);
        long before = heapUsedAfterGc();
        for (int i = 0; i < count; i++) {
            contender.execute(Fiber.Priority.NORMAL, () -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("a parked task was interrupted", e);
                }
                finished.countDown();
            });
        }
        Guard.await(parked, count + " tasks parking on " + contender.name());
        long after = heapUsedAfterGc();
        release.countDown();
        Guard.await(finished, count + " parked tasks finishing on " + contender.name());
        return (double) (after - before) / count;
    }

    private static long heapUsedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < SETTLE_COLLECTIONS; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
