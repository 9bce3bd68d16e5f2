package dev.tocin.examples.scheduler;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fibers are virtual threads: a fiber that sleeps, waits on a lock or a future frees its worker, so
 * 10 000 sleeping fibers finish on two workers. File I/O still holds the worker's thread, so it is
 * wrapped in {@link Fiber#blocking}, which puts a spare worker in its place meanwhile.
 */
public final class ParkingExample {
    private ParkingExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws Exception {
        try (var s = new LightweightScheduler(2)) {
            s.start();
            int fibers = 10_000;
            var woke = new AtomicInteger();
            var asleep = new AtomicInteger();
            var mostAsleepAtOnce = new AtomicInteger();
            for (int i = 0; i < fibers; i++) {
                s.go(() -> {
                    mostAsleepAtOnce.accumulateAndGet(asleep.incrementAndGet(), Math::max);
                    Thread.sleep(10); // parks: the worker runs other fibers meanwhile
                    asleep.decrementAndGet();
                    woke.incrementAndGet();
                    return null;
                });
            }
            if (!s.waitAll(Duration.ofMinutes(2))) {
                throw new IllegalStateException("sleeping fibers did not finish within 2 minutes");
            }
            int workers = s.getStats().totalWorkers();
            out.println(woke.get() + " fibers slept 10 ms each on " + workers + " workers");
            // A sleeping fiber that held its worker would cap this at the number of workers.
            out.println("more fibers asleep at once than workers: " + (mostAsleepAtOnce.get() > workers));

            var reads = new ArrayList<Fiber<Long>>();
            for (int i = 0; i < 4; i++) {
                reads.add(s.go(() -> Fiber.blocking(() -> {
                    Path tmp = Files.createTempFile("tocin-example", ".txt");
                    try {
                        Files.writeString(tmp, "x".repeat(1000));
                        return Files.size(tmp);
                    } finally {
                        Files.delete(tmp);
                    }
                })));
            }
            long total = 0;
            for (var read : reads) {
                total += read.get(2, TimeUnit.MINUTES);
            }
            out.println("file I/O in Fiber.blocking: " + total + " bytes written and read back");
        }
    }
}
