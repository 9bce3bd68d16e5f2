package dev.tocin.bench.scheduler;

import java.util.Comparator;

/**
 * What a {@code PriorityBlockingQueue} needs to order tasks like Tocin does: by level, then
 * FIFO within a level (the sequence number), since the queue itself is not stable.
 */
record RankedTask(int level, long sequence, Runnable task) implements Runnable, Comparable<RankedTask> {
    private static final Comparator<RankedTask> ORDER =
            Comparator.comparingInt(RankedTask::level).thenComparingLong(RankedTask::sequence);

    @Override
    public void run() {
        task.run();
    }

    @Override
    public int compareTo(RankedTask other) {
        return ORDER.compare(this, other);
    }
}
