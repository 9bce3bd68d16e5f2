package dev.tocin.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A cheap clock for aging: one thread refreshes a volatile timestamp about every millisecond, so
 * queueing a fiber reads a field instead of calling {@link System#nanoTime()}. Time is counted from
 * {@link #start}; before that it reads 0.
 */
final class Ticker implements Runnable {
    static final long PERIOD_NANOS = 1_000_000;
    /**
     * A stamp is the time in units of 2^16 ns (65.5 us, finer than the tick) in an {@code int}: a
     * queued fiber keeps one, 4 bytes instead of a {@code long}'s 8 (docs/scheduler.md, "Eighth
     * round"). Differences are exact up to 2^31 units, 39 hours, longer than the longest aging
     * bound (a day).
     */
    private static final int STAMP_SHIFT = 16;
    private volatile long now;
    private volatile boolean stopped;
    private long base;
    private Thread thread;

    long now() {
        return now;
    }

    /** {@link #now} as a stamp. */
    int stamp() {
        return (int) (now >>> STAMP_SHIFT);
    }

    /** Nanoseconds from stamp {@code from} to stamp {@code to} (wraps correctly). */
    static long nanosBetween(int from, int to) {
        return (long) (to - from) << STAMP_SHIFT;
    }

    void start(String name) {
        base = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
        thread.start();
    }

    @Override
    public void run() {
        while (!stopped) {
            now = System.nanoTime() - base;
            LockSupport.parkNanos(this, PERIOD_NANOS);
        }
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
