package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

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
        long before = heapUsedAfterGc();
        long after = parkAll(contender, count, ParkedHeap::heapUsedAfterGc);
        return (double) (after - before) / count;
    }

    /**
     * Parks {@code count} tasks and releases them, measuring nothing: a warm-up round. A parked
     * task's stack chunk holds its frames as the JIT had compiled them when it parked, so a cold
     * round measures how far the JIT had got as much as the tasks.
     */
    static void warmUp(Contender contender, int count) throws InterruptedException, TimeoutException {
        parkAll(contender, count, () -> 0L);
    }

    /** Parks {@code count} tasks on one latch, reads {@code whileParked}, then releases them and waits for them to end. */
    private static long parkAll(Contender contender, int count, LongSupplier whileParked)
            throws InterruptedException, TimeoutException {
        var release = new CountDownLatch(1);
        var parked = new CountDownLatch(count);
        var finished = new CountDownLatch(count);
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
        long value = whileParked.getAsLong();
        release.countDown();
        Guard.await(finished, count + " parked tasks finishing on " + contender.name());
        return value;
    }

    private static long heapUsedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < SETTLE_COLLECTIONS; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
