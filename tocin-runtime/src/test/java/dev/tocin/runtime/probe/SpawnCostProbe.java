package dev.tocin.runtime.probe;

import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Heap bytes allocated per spawned no-op task, by every thread of the JVM, for Tocin's
 * {@code execute}/{@code go} and for {@code ForkJoinPool(2)}, from outside and from inside a task
 * (issue 18's profile). Allocation counts do not depend on the machine's load, unlike timings.
 * Run: see docs/scheduler.md, "Where the spawn time goes".
 */
public final class SpawnCostProbe {
    private static final int TASKS = 200_000;
    private static final Runnable NOOP = () -> { };

    private SpawnCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) { // the last round is reported: earlier ones warm up
            boolean report = round == 2;
            for (boolean internal : new boolean[] {false, true}) {
                for (String kind : new String[] {"tocin execute", "tocin go", "ForkJoinPool(2)"}) {
                    ExecutorService pool = kind.startsWith("tocin")
                            ? LightweightScheduler.builder().workers(2).topology(NumaTopology.singleNode(2))
                                    .affinity(Affinity.none()).build()
                            : new ForkJoinPool(2);
                    if (pool instanceof LightweightScheduler s) {
                        s.start();
                    }
                    boolean useGo = kind.equals("tocin go");
                    Runnable spawnAll = () -> {
                        for (int i = 0; i < TASKS; i++) {
                            if (useGo) {
                                ((LightweightScheduler) pool).go(NOOP);
                            } else {
                                pool.execute(NOOP);
                            }
                        }
                    };
                    long before = mx.getTotalThreadAllocatedBytes();
                    if (internal) {
                        pool.execute(spawnAll);
                    } else {
                        spawnAll.run();
                    }
                    if (pool instanceof LightweightScheduler s) {
                        if (!s.waitAll(Duration.ofMinutes(2))) {
                            throw new IllegalStateException("tasks did not finish");
                        }
                    } else if (!((ForkJoinPool) pool).awaitQuiescence(2, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("tasks did not finish");
                    }
                    long bytes = mx.getTotalThreadAllocatedBytes() - before;
                    pool.close();
                    if (report) {
                        System.out.printf("%-16s %-8s %6.1f bytes/task%n", kind, internal ? "internal" : "external",
                                (double) bytes / TASKS);
                    }
                }
            }
        }
    }
}
