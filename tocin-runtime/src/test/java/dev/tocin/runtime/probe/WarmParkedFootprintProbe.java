package dev.tocin.runtime.probe;

import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@link ParkedFootprintProbe} after warm-up: the parked stack ({@code StackChunk}) holds the
 * frames as they were when the task parked, interpreted, C1 or C2, so a cold run measures mostly
 * how far the JIT got (its chunks vary by a few hundred bytes between runs). Here both sides first
 * park and release {@code tasks} tasks {@code warm} times, with four task classes taken in turn so that
 * the call sites that run tasks see several (as in an application; C2 would otherwise inline the
 * one task into the runner's frame), and then the measured round runs. Every chunk then has the
 * same size within a run; the count and size per object are printed. Args: tasks (100000), warm
 * rounds (4). docs/scheduler.md, "Sixth round".
 */
public final class WarmParkedFootprintProbe {
    private WarmParkedFootprintProbe() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        try (var s = LightweightScheduler.builder().workers(2).topology(NumaTopology.singleNode(2))
                .affinity(Affinity.none()).build()) {
            s.start();
            for (int round = 0; round <= warm; round++) {
                boolean report = round == warm;
                fibers(s, tasks, report);
                virtualThreads(tasks, report);
            }
        }
    }

    private static void fibers(LightweightScheduler s, int tasks, boolean report) throws Exception {
        var parked = new ParkedTasks(tasks);
        var release = new CountDownLatch(1);
        var kinds = tasks(release, parked);
        var before = report ? ClassHistogram.take() : null;
        for (int i = 0; i < tasks; i++) {
            s.execute(kinds[i % kinds.length]);
        }
        parked.awaitAllParked();
        if (report) {
            report("Tocin fibers", tasks, before, ClassHistogram.take());
        }
        release.countDown();
        if (!s.waitAll(Duration.ofMinutes(2))) {
            throw new IllegalStateException("fibers did not finish");
        }
    }

    private static void virtualThreads(int tasks, boolean report) throws Exception {
        var parked = new ParkedTasks(tasks);
        var release = new CountDownLatch(1);
        var kinds = tasks(release, parked);
        var threads = new ArrayList<Thread>(tasks);
        var before = report ? ClassHistogram.take() : null;
        for (int i = 0; i < tasks; i++) {
            threads.add(Thread.ofVirtual().start(kinds[i % kinds.length]));
        }
        parked.awaitAllParked();
        if (report) {
            report("JDK virtual threads", tasks, before, ClassHistogram.take());
        }
        release.countDown();
        for (var t : threads) {
            t.join();
        }
    }

    /**
     * Four task classes (four lambdas), all parking on {@code release}, taken in turn within every
     * round: a call site that runs tasks then sees all four from its first profile, as in an
     * application. Taking one class per round let C2 compile the runner's call site while it had
     * seen two, inline both tasks and their wait into the runner's frame, and measure that frame.
     */
    private static Runnable[] tasks(CountDownLatch release, ParkedTasks parked) {
        return new Runnable[] {
            () -> {
                parked.arrive();
                await(release);
            },
            () -> {
                parked.arrive();
                await(release);
                Thread.onSpinWait();
            },
            () -> {
                Thread.onSpinWait();
                parked.arrive();
                await(release);
            },
            () -> {
                Thread.onSpinWait();
                parked.arrive();
                await(release);
                Thread.onSpinWait();
            },
        };
    }

    private static void await(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(String what, int tasks, Map<String, ClassHistogram.Row> before, Map<String, ClassHistogram.Row> after) {
        long total = 0;
        var lines = new ArrayList<String>();
        for (var e : after.entrySet()) {
            var was = before.getOrDefault(e.getKey(), new ClassHistogram.Row(0, 0));
            long objects = e.getValue().instances() - was.instances();
            long grew = e.getValue().bytes() - was.bytes();
            total += grew;
            if (grew >= 8L * tasks) {
                lines.add(String.format("  %-60s %8.1f B/task (%d objects, %.1f B each)", e.getKey(),
                        (double) grew / tasks, objects, objects == 0 ? 0.0 : (double) grew / objects));
            }
        }
        lines.sort(null);
        System.out.printf("%s: %.1f B/task in all%n", what, (double) total / tasks);
        lines.forEach(System.out::println);
    }
}
