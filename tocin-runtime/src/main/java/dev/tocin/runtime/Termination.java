package dev.tocin.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The end of a scheduler: once it is shut down and quiescent it is {@code terminating} (workers
 * exit when they find nothing to do), and it is terminated when the last live worker has exited.
 */
final class Termination {
    private final RunState runState;
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean terminating;

    Termination(RunState runState) {
        this.runState = runState;
    }

    /** Counts a worker about to start. */
    void workerLive() {
        liveWorkers.incrementAndGet();
    }

    void workerExited() {
        if (liveWorkers.decrementAndGet() == 0 && terminating) {
            finish();
        }
    }

    /**
     * Called when quiescent: if shut down, starts terminating and returns true (the caller then wakes
     * the workers so that they exit).
     */
    boolean beginIfShutDown() {
        int s = runState.get();
        if (s < RunState.SHUTDOWN || s >= RunState.TERMINATED || terminating) {
            return false;
        }
        terminating = true;
        if (liveWorkers.get() == 0) {
            finish();
        }
        return true;
    }

    boolean terminating() {
        return terminating;
    }

    private void finish() {
        if (runState.terminate()) {
            terminated.countDown();
        }
    }

    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Waits for termination; an interrupt is kept for the caller, not lost. */
    void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
