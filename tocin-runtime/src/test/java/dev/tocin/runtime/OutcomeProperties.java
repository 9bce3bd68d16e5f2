package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * A fiber's outcome and the threads waiting for it share one field since issue 18's eighth round:
 * a joiner pushes itself onto the stack held there while the fiber is pending, and the completing
 * CAS takes the stack and wakes it. Joiners racing with the completion, some of them giving up
 * after a timeout first, must each get the result and be woken for it: a joiner that missed its
 * wake-up would find the result only when its bound ran out (a liveness bound, not a speed
 * figure), and a timed-out waiter left in the stack must not hide the result from the rest.
 */
class OutcomeProperties {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Property(tries = 6, shrinking = ShrinkingMode.OFF)
    void everyJoinerRacingWithTheCompletionSeesTheResult(@ForAll @IntRange(min = 1, max = 6) int joiners,
                                                         @ForAll long seed) throws Exception {
        var random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            var fiber = new Fiber<Integer>((Runnable) () -> { }, Fiber.Priority.NORMAL, null, -1, false);
            var start = new CountDownLatch(1);
            var results = new ArrayList<Thread>();
            var seen = new Object[joiners];
            for (int j = 0; j < joiners; j++) {
                int k = j;
                boolean impatient = random.nextInt(3) == 0; // gives up after microseconds, may stay in the stack
                results.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        if (impatient) {
                            try {
                                fiber.get(patienceNanos(k), TimeUnit.NANOSECONDS);
                            } catch (TimeoutException e) {
                                // expected now and then: wait again, without a deadline that could hide a lost wake-up
                            }
                        }
                        long asked = System.nanoTime();
                        var result = fiber.get(BOUND_NANOS, TimeUnit.NANOSECONDS);
                        seen[k] = System.nanoTime() - asked < BOUND_NANOS ? result : "woken only by its bound";
                    } catch (Exception e) {
                        seen[k] = e;
                    }
                }));
            }
            start.countDown();
            spin(random.nextInt(20_000));
            fiber.completeRun(round);
            for (var t : results) {
                t.join();
            }
            for (int j = 0; j < joiners; j++) {
                assertThat(seen[j]).as("round %d, joiner %d", round, j).isEqualTo(round);
            }
            assertThat(fiber.isDone()).isTrue();
            assertThat(fiber.state()).isEqualTo(java.util.concurrent.Future.State.SUCCESS);
        }
    }

    private static long patienceNanos(int joiner) {
        return 1_000L + 7_919L * joiner;
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
