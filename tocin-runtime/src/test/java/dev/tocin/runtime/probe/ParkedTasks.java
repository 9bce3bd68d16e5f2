package dev.tocin.runtime.probe;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The tasks a footprint probe parks: each records its thread before it parks, and the probe takes
 * its heap histogram only once every recorded thread is parked ({@link Thread.State#WAITING}), not
 * merely started. Made before the probe's baseline histogram, so its array (4 bytes per task) is
 * not counted as the tasks' own.
 */
final class ParkedTasks {
    private final AtomicReferenceArray<Thread> threads;
    private final AtomicInteger arrived = new AtomicInteger();

    ParkedTasks(int tasks) {
        threads = new AtomicReferenceArray<>(tasks);
    }

    /** In a task, just before it parks. */
    void arrive() {
        threads.set(arrived.getAndIncrement(), Thread.currentThread());
    }

    /** Returns once every task has arrived and its thread is parked; fails after 2 minutes. */
    void awaitAllParked() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int parked = 0; // tasks 0..parked-1 were seen parked; none is released before the histogram
        while (true) {
            while (parked < threads.length() && threads.get(parked) != null
                    && threads.get(parked).getState() == Thread.State.WAITING) {
                parked++;
            }
            if (parked == threads.length()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(parked + " of " + threads.length() + " tasks parked ("
                        + arrived.get() + " arrived)");
            }
            Thread.sleep(20); // the interval between two looks at the condition above
        }
    }
}
