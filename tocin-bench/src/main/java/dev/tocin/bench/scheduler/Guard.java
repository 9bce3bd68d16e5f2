package dev.tocin.bench.scheduler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits that cannot hang a benchmark run: a workload that does not finish within a generous
 * bound is a broken implementation, reported as an error naming the workload.
 */
final class Guard {
    static final long GUARD_SECONDS = 300;

    private Guard() {
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException, TimeoutException {
        if (!latch.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException(what + " did not finish within " + GUARD_SECONDS + " s ("
                    + latch.getCount() + " still pending)");
        }
    }

    /** Busy-spins for {@code nanos}: a task that occupies its worker the whole time. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
