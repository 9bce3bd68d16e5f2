package dev.tocin.runtime;

import java.util.concurrent.CountDownLatch;

/**
 * Holds a worker busy without parking (a parked fiber would free it) until opened, so tests can
 * fill queues behind it. Spinning, not sleeping: tests wait on conditions.
 */
final class Gate implements Runnable {
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile boolean open;

    @Override
    public void run() {
        entered.countDown();
        while (!open) {
            Thread.onSpinWait();
        }
    }

    /** Waits until a worker is inside {@link #run()}. */
    void awaitEntered() throws InterruptedException {
        entered.await();
    }

    void open() {
        open = true;
    }
}
