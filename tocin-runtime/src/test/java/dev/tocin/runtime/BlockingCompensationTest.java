package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockingCompensationTest {
    private static void awaitNoSpares(LightweightScheduler s) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.getStats().spareWorkers() > 0) {
            assertThat(System.nanoTime()).as("spare worker retired").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aSpareWorkerRunsQueuedFibersWhileTheOnlyWorkerIsHeldByABlockingCall() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var otherRan = new CountDownLatch(1);
            var entered = new CountDownLatch(1);
            var blocker = s.go(() -> Fiber.blocking(() -> {
                entered.countDown();
                // Holds the worker's thread the way a pinned native call would: no park, no yield.
                while (otherRan.getCount() > 0) {
                    Thread.onSpinWait();
                }
                return "unblocked";
            }));
            entered.await();
            assertThat(s.getStats().spareWorkers()).isEqualTo(1);
            s.go(otherRan::countDown);
            assertThat(blocker.get(60, TimeUnit.SECONDS)).isEqualTo("unblocked");
            awaitNoSpares(s);
        }
    }

    @Test
    void aFifoReadInsideBlockingDoesNotStopTheScheduler(@TempDir Path dir) throws Throwable {
        var fifo = dir.resolve("fifo");
        assumeThat(mkfifo(fifo)).as("mkfifo(3) through FFM").isZero();
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            // Opening and reading a FIFO blocks in native code: the virtual thread stays pinned to its worker.
            var reader = s.go(() -> Fiber.blocking(() -> {
                try (var in = new FileInputStream(fifo.toFile())) {
                    return in.read();
                }
            }));
            while (s.getStats().spareWorkers() == 0) {
                Thread.onSpinWait();
            }
            assertThat(s.go(() -> "other fiber ran").get(60, TimeUnit.SECONDS)).isEqualTo("other fiber ran");
            assertThat(reader.isDone()).isFalse();
            try (var out = new FileOutputStream(fifo.toFile())) {
                out.write(42);
            }
            assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(Files.exists(fifo)).isTrue();
            awaitNoSpares(s);
        }
    }

    /** libc mkfifo(3): much cheaper than starting a process on a loaded machine. */
    private static int mkfifo(Path path) throws Throwable {
        var linker = Linker.nativeLinker();
        var symbol = linker.defaultLookup().find("mkfifo");
        if (symbol.isEmpty()) {
            return -1;
        }
        var mkfifo = linker.downcallHandle(symbol.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (var arena = Arena.ofConfined()) {
            return (int) mkfifo.invokeExact(arena.allocateFrom(path.toString()), 0600);
        }
    }

    @Test
    void outsideAFiberBlockingJustRuns() throws Exception {
        assertThat(Fiber.blocking(() -> 5)).isEqualTo(5);
        var ran = new boolean[1];
        Fiber.blocking(() -> {
            ran[0] = true;
        });
        assertThat(ran[0]).isTrue();
    }

    @Test
    void sparesAreCappedAtMaxSpareWorkers() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).maxSpareWorkers(1).build()) {
            s.start();
            var release = new CountDownLatch(1);
            var entered = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                s.go(() -> Fiber.blocking(() -> {
                    entered.countDown();
                    while (release.getCount() > 0) {
                        Thread.onSpinWait();
                    }
                    return null;
                }));
            }
            entered.await(); // the second blocking fiber ran on the one spare
            assertThat(s.getStats().spareWorkers()).isEqualTo(1);
            release.countDown();
            assertThat(s.waitAll(Duration.ofSeconds(60))).isTrue();
            awaitNoSpares(s);
        }
    }
}
