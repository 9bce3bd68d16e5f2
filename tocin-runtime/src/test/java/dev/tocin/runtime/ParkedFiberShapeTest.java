package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.probe.ClassHistogram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a parked fiber keeps (issue 18, heap per parked fiber; docs/scheduler.md "Sixth round"):
 * the frames frozen under its task, and the runner paths that changed with that cut.
 */
class ParkedFiberShapeTest {

    /**
     * Every frame between the virtual thread's entry and a parked task is copied into the fiber's
     * stack chunk: only the runner's loop may sit there (before the sixth round also
     * {@code Runner.run(Fiber)} and {@code Fiber.runTask}).
     */
    @Test
    void aParkedFiberHasOnlyTheRunnerLoopBetweenItsVirtualThreadAndItsTask() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var release = new CountDownLatch(1);
            var parked = new CountDownLatch(1);
            var thread = new AtomicReference<Thread>();
            var f = s.go(() -> parkUntil(release, parked, thread));
            parked.await();
            List<String> below = List.of();
            for (int attempt = 0; attempt < 1000 && below.isEmpty(); attempt++) {
                below = framesBelow(thread.get().getStackTrace()); // empty until it has parked
                if (below.isEmpty()) {
                    Thread.onSpinWait();
                }
            }
            release.countDown();
            f.join();
            assertThat(below).containsExactly("dev.tocin.runtime.Runner.run", "java.lang.VirtualThread.run");
        }
    }

    /**
     * The two objects of ours that live under every parked fiber, one of them allocated per spawn:
     * a {@code Fiber} is 32 bytes (one field for the task and the runner, one for the scheduler and
     * the home node) and so is a {@code Runner} (its first fiber comes from the worker, interrupters
     * are counted on the fiber; docs/scheduler.md, "Eleventh round"). A field added to either shows
     * here, where a benchmark would only drift.
     */
    @Test
    void aParkedFiberKeepsAThirtyTwoByteFiberAndAThirtyTwoByteRunner() throws Exception {
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            int count = 1_000;
            var release = new CountDownLatch(1);
            var parked = new CountDownLatch(count);
            var fibers = new ArrayList<Fiber<?>>();
            for (int i = 0; i < count; i++) {
                fibers.add(s.go(() -> {
                    parked.countDown();
                    release.await();
                    return null;
                }));
            }
            parked.await();
            var heap = ClassHistogram.take();
            release.countDown();
            fibers.forEach(Fiber::join);
            assertThat(heap.get(Fiber.class.getName()).instances()).isGreaterThanOrEqualTo(count);
            assertThat(heap.get(Fiber.class.getName()).bytesEach()).isEqualTo(32.0);
            assertThat(heap.get(Runner.class.getName()).instances()).isGreaterThanOrEqualTo(count);
            assertThat(heap.get(Runner.class.getName()).bytesEach()).isEqualTo(32.0);
        }
    }

    private static void parkUntil(CountDownLatch release, CountDownLatch parked, AtomicReference<Thread> thread) {
        thread.set(Thread.currentThread());
        parked.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The frames below {@code parkUntil}, or empty if the fiber is not parked in it (yet). */
    private static List<String> framesBelow(StackTraceElement[] stack) {
        var names = Arrays.stream(stack).map(e -> e.getClassName() + "." + e.getMethodName()).toList();
        boolean parkedInLatch = names.stream().anyMatch(n -> n.endsWith(".park"));
        int task = names.indexOf(ParkedFiberShapeTest.class.getName() + ".parkUntil");
        if (!parkedInLatch || task < 0) {
            return List.of();
        }
        // The task's own lambda frame(s) sit between parkUntil and the runner: skip them.
        var rest = new ArrayList<String>();
        for (int i = task + 1; i < names.size(); i++) {
            if (!names.get(i).startsWith(ParkedFiberShapeTest.class.getName())) {
                rest.add(names.get(i));
            }
        }
        return rest;
    }

    /**
     * Runners are interrupted from outside while they finish tasks (a runner's end of task takes
     * the thread's interrupt lock, which a concurrent {@code interrupt()} holds: the JDK may then
     * unmount the runner between two tasks and resume it through a between-tasks entry, now a new
     * one per suspension). Every fiber still runs exactly once and the scheduler still quiesces;
     * tasks that also park exercise the resume path in between.
     */
    @Test
    void runnersInterruptedAtTheEndOfTasksRunEveryFiberExactlyOnce() throws Exception {
        int fibers = 20_000;
        var runs = new AtomicIntegerArray(fibers);
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        var done = new AtomicBoolean();
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var interrupter = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    for (var t : runners) {
                        t.interrupt();
                    }
                    Thread.onSpinWait();
                }
            });
            for (int i = 0; i < fibers; i++) {
                int n = i;
                s.execute(() -> {
                    runners.add(Thread.currentThread());
                    runs.incrementAndGet(n);
                    if (n % 8 == 0) {
                        Thread.yield(); // parks and resumes through the runner's own entry
                    }
                });
            }
            boolean quiet = s.waitAll(Duration.ofMinutes(2));
            done.set(true);
            interrupter.join();
            assertThat(quiet).as("all fibers finished").isTrue();
        }
        for (int i = 0; i < fibers; i++) {
            assertThat(runs.get(i)).as("runs of fiber %d", i).isEqualTo(1);
        }
    }
}
