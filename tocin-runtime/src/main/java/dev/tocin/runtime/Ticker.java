package dev.tocin.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A cheap clock for aging: one thread refreshes a volatile timestamp about every millisecond, so
 * queueing a fiber reads a field instead of calling {@link System#nanoTime()}. Time is counted from
 * {@link #start}; before that it reads 0.
 */
final class Ticker implements Runnable {
    static final long PERIOD_NANOS = 1_000_000;
    private volatile long now;
    private volatile boolean stopped;
    private long base;
    private Thread thread;

    long now() {
        return now;
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
