package dev.tocin.bench.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Platform threads, one per caller, calling as fast as they can during one shared window: total calls per second. */
final class Throughput {
    private Throughput() {
    }

    /**
     * @param expected what every call must return (a wrong answer fails the run rather than counting)
     */
    static double measure(List<Supplier<String>> callers, Duration warmUp, Duration window, String expected) throws Exception {
        var start = new CyclicBarrier(callers.size() + 1);
        var stop = new CyclicBarrier(callers.size() + 1);
        var total = new AtomicLong();
        var failures = new ArrayList<Throwable>();
        var threads = new ArrayList<Thread>();
        for (var call : callers) {
            threads.add(Thread.ofPlatform().name("pool-bench-caller").start(() -> {
                try {
                    long warmEnd = System.nanoTime() + warmUp.toNanos();
                    while (System.nanoTime() < warmEnd) {
                        check(call.get(), expected);
                    }
                    start.await();
                    long end = System.nanoTime() + window.toNanos();
                    long n = 0;
                    while (System.nanoTime() < end) {
                        check(call.get(), expected);
                        n++;
                    }
                    total.addAndGet(n);
                    stop.await();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    start.reset();
                    stop.reset();
                }
            }));
        }
        long elapsed = 0;
        try {
            start.await();
            long t0 = System.nanoTime();
            stop.await();
            elapsed = System.nanoTime() - t0;
        } catch (BrokenBarrierException e) {
            // a caller failed and broke the barriers: its error is thrown below
        }
        for (var t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            var e = new IllegalStateException("a benchmark caller failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return total.get() / (elapsed / 1e9);
    }

    static void check(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("the workload returned " + actual + ", expected " + expected);
        }
    }
}
