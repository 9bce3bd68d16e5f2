package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A priority change that races with a fiber's last moments queues a stale entry after the check
 * "still queued". When that fiber was the last of a shut-down scheduler, its workers may already
 * be on their way out: the stale entry must not outlive termination (it held the fiber and showed
 * in {@code queuedTotal} forever; ExactlyOnceProperties saw it once in a full build). Without the
 * fix 4 of 400 repetitions failed on the 2-core machine under load, none with it.
 */
class LateRequeueTest {
    @RepeatedTest(200)
    void priorityChangesRacingWithTerminationLeaveNoEntryBehind() throws Exception {
        var s = SchedulerBasicsTest.builder(2).build();
        s.start();
        var fibers = new ArrayList<Fiber<?>>();
        for (int i = 0; i < 2_000; i++) {
            fibers.add(s.goWithPriority(Priority.of(i % 5), () -> {
                long end = System.nanoTime() + 5_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }));
        }
        var stop = new AtomicBoolean();
        var changers = new ArrayList<Thread>();
        for (int t = 0; t < 2; t++) {
            int offset = t;
            changers.add(Thread.ofPlatform().start(() -> {
                for (int round = 0; !stop.get(); round++) {
                    // the fibers that finish last are the ones whose late requeue can outlive the workers
                    for (int i = fibers.size() - 1; i >= fibers.size() - 64 && !stop.get(); i--) {
                        fibers.get(i).setPriority(Priority.of((i + round + offset) % 5));
                    }
                }
            }));
        }
        s.shutdown();
        assertThat(s.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        // Priority changes go on after termination as well: a user may still hold the fibers.
        for (var f : fibers) {
            f.setPriority(Priority.CRITICAL);
            f.setPriority(Priority.BACKGROUND);
        }
        stop.set(true);
        for (var t : changers) {
            t.join();
        }
        assertThat(s.getStats().queuedTotal()).as("entries left in the queues of a terminated scheduler").isZero();
    }
}
