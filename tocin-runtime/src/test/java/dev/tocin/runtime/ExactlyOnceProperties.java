package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.Fiber.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every accepted fiber runs exactly once and every rejected one never, whatever the levels, the
 * priority changes racing with dequeues, the yields (park/resume) and a stop() racing with
 * submission. The default run uses 20 000 fibers per try; the stress profile
 * ({@code -Dtocin.stress.fibers=1000000}) adds one run of 10^6.
 */
class ExactlyOnceProperties {
    @Property(tries = 8)
    void acceptedFibersRunExactlyOnceAndRejectedOnesNever(
            @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll boolean runToCompletion,
            @ForAll @IntRange(min = 0, max = 100) int stopAtPercent,
            @ForAll long seed) throws Exception {
        check(workers, runToCompletion, stopAtPercent, seed, 20_000);
    }

    static void check(int workers, boolean runToCompletion, int stopAtPercent, long seed, int fibers) throws Exception {
        var builder = SchedulerBasicsTest.builder(workers).agingBound(java.time.Duration.ofMillis(2));
        var s = (runToCompletion ? builder.runToCompletion() : builder).build();
        s.start();
        int producers = 2;
        int perProducer = fibers / producers;
        int total = perProducer * producers;
        var runs = new AtomicIntegerArray(total);
        var accepted = new AtomicReferenceArray<Fiber<?>>(total);
        var rejected = new AtomicIntegerArray(total);
        int stopAt = (int) ((long) perProducer * stopAtPercent / 100);
        var ready = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                var random = new Random(seed + producer);
                try {
                    ready.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                for (int i = 0; i < perProducer; i++) {
                    int id = producer * perProducer + i;
                    if (producer == 0 && i == stopAt && stopAtPercent < 100) {
                        s.stop();
                    }
                    boolean yields = random.nextInt(16) == 0;
                    try {
                        accepted.set(id, s.goWithPriority(Priority.of(random.nextInt(5)), () -> {
                            if (yields) {
                                Thread.yield();
                            }
                            runs.incrementAndGet(id);
                        }));
                    } catch (RejectedExecutionException e) {
                        rejected.set(id, 1);
                    }
                    if (i > 0 && random.nextInt(4) == 0) {
                        var earlier = accepted.get(producer * perProducer + random.nextInt(i));
                        if (earlier != null) {
                            earlier.setPriority(Priority.of(random.nextInt(5)));
                        }
                    }
                }
            }));
        }
        ready.countDown();
        for (var t : threads) {
            t.join();
        }
        s.stop();
        long waitStart = System.nanoTime();
        boolean terminated = s.awaitTermination(300, TimeUnit.SECONDS);
        assertThat(terminated).as("terminated within 300 s; stats " + s.getStats()).isTrue();
        System.err.printf("exactly-once: %d fibers, %d workers, terminated %d ms after the last submission%n",
                fibers, workers, (System.nanoTime() - waitStart) / 1_000_000);
        long acceptedCount = 0;
        List<Integer> wrong = new ArrayList<>();
        for (int id = 0; id < total; id++) {
            boolean wasAccepted = accepted.get(id) != null;
            assertThat(wasAccepted).isNotEqualTo(rejected.get(id) == 1);
            if (wasAccepted) {
                acceptedCount++;
                if (runs.get(id) != 1 || !accepted.get(id).isDone()) {
                    wrong.add(id);
                }
            } else if (runs.get(id) != 0) {
                wrong.add(id);
            }
        }
        assertThat(wrong).as("fibers run a wrong number of times").isEmpty();
        var stats = s.getStats();
        assertThat(stats.submittedFibers()).isEqualTo(acceptedCount);
        assertThat(stats.completedFibers()).isEqualTo(acceptedCount);
        assertThat(stats.activeFibers()).isZero();
        assertThat(stats.queuedTotal()).isZero();
    }
}
