package dev.tocin.runtime.probe;

import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Heap per parked task, by class (issue 18, footprint): 100,000 fibers parked on one latch, then
 * 100,000 plain virtual threads parked the same way, each followed by {@code GC.class_histogram}
 * (which runs a full GC first). Prints the classes that grew by at least 8 bytes per task.
 * Byte counts do not depend on the machine's load.
 */
public final class ParkedFootprintProbe {
    private static final int TASKS = 100_000;

    private ParkedFootprintProbe() {
    }

    public static void main(String[] args) throws Exception {
        var parked = new ParkedTasks(TASKS);
        var baseline = ClassHistogram.take();
        var release = new CountDownLatch(1);
        Runnable park = () -> {
            parked.arrive();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (var s = LightweightScheduler.builder().workers(2).topology(NumaTopology.singleNode(2))
                .affinity(Affinity.none()).build()) {
            s.start();
            for (int i = 0; i < TASKS; i++) {
                s.execute(park);
            }
            parked.awaitAllParked();
            report("Tocin fibers", baseline, ClassHistogram.take());
            release.countDown();
            if (!s.waitAll(Duration.ofMinutes(2))) {
                throw new IllegalStateException("fibers did not finish");
            }
        }
        var release2 = new CountDownLatch(1);
        var parked2 = new ParkedTasks(TASKS);
        var base2 = ClassHistogram.take();
        var threads = new ArrayList<Thread>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                parked2.arrive();
                try {
                    release2.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        parked2.awaitAllParked();
        report("JDK virtual threads", base2, ClassHistogram.take());
        release2.countDown();
        for (var t : threads) {
            t.join();
        }
    }

    private static void report(String what, Map<String, ClassHistogram.Row> before, Map<String, ClassHistogram.Row> after) {
        long total = 0;
        var lines = new ArrayList<String>();
        for (var e : after.entrySet()) {
            long grew = e.getValue().bytes() - before.getOrDefault(e.getKey(), new ClassHistogram.Row(0, 0)).bytes();
            total += grew;
            if (grew >= 8L * TASKS) {
                lines.add(String.format("  %-60s %8.1f B/task", e.getKey(), (double) grew / TASKS));
            }
        }
        lines.sort(null);
        System.out.printf("%s: %.1f B/task in all%n", what, (double) total / TASKS);
        lines.forEach(System.out::println);
    }
}
