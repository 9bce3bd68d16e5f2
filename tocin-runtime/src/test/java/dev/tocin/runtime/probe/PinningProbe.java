package dev.tocin.runtime.probe;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import java.io.FileInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Measures which blocking operations pin a worker (docs/scheduler.md). On a one-worker scheduler,
 * fiber A blocks in an operation for 300 ms; fiber B is started while A blocks. If B runs long
 * before A's operation ends, the operation parked (freed the worker); if B only runs when A is
 * done, it pinned. Not a test: run by hand,
 * {@code java --add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -cp ... dev.tocin.runtime.probe.PinningProbe}.
 */
public final class PinningProbe {
    private static final long BLOCK_MILLIS = 300;

    private PinningProbe() {
    }

    public static void main(String[] args) throws Throwable {
        var dir = Files.createTempDirectory("pinning-probe");
        var fifo1 = mkfifo(dir.resolve("fifo1"));
        var fifo2 = mkfifo(dir.resolve("fifo2"));
        var usleep = Linker.nativeLinker().downcallHandle(Linker.nativeLinker().defaultLookup().find("usleep").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        var monitor = new Object();
        var lock = new ReentrantLock();
        // Warm-up: the first sleep of a JVM initializes the virtual-thread timer machinery, which
        // would be measured as blocking otherwise.
        try (var s = LightweightScheduler.builder().workers(1).build()) {
            s.start();
            s.go(() -> {
                Thread.sleep(1);
                return null;
            }).join();
        }
        System.out.println("| operation in fiber A (" + BLOCK_MILLIS + " ms) | B started after | verdict |");
        System.out.println("|---|---|---|");
        probe("Thread.sleep", () -> {
            Thread.sleep(BLOCK_MILLIS);
            return null;
        }, null);
        probe("Object.wait inside synchronized", () -> {
            synchronized (monitor) {
                monitor.wait(BLOCK_MILLIS);
            }
            return null;
        }, null);
        probe("ReentrantLock held by another thread", () -> {
            lock.lock();
            lock.unlock();
            return null;
        }, () -> holdLock(lock));
        probe("FileInputStream.read on a FIFO", () -> {
            try (var in = new FileInputStream(fifo1.toFile())) {
                return in.read();
            }
        }, () -> writeLater(fifo1));
        probe("FileChannel.read on a FIFO", () -> {
            try (var ch = FileChannel.open(fifo2, StandardOpenOption.READ)) {
                return ch.read(java.nio.ByteBuffer.allocate(1));
            }
        }, () -> writeLater(fifo2));
        Callable<Integer> nativeSleep = () -> {
            try {
                return (int) usleep.invokeExact((int) BLOCK_MILLIS * 1000);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
        probe("native usleep via FFM downcall", nativeSleep, null);
        probe("same native call inside Fiber.blocking", () -> Fiber.blocking(nativeSleep), null);
        var fifo3 = mkfifo(dir.resolve("fifo3"));
        probe("FIFO read inside Fiber.blocking", () -> Fiber.blocking(() -> {
            try (var in = new FileInputStream(fifo3.toFile())) {
                return in.read();
            }
        }), () -> writeLater(fifo3));
    }

    private static void probe(String name, Callable<?> blockingOp, Runnable helper) throws Exception {
        try (var s = LightweightScheduler.builder().workers(1).build()) {
            s.start();
            var aStarted = new CountDownLatch(1);
            if (helper != null) {
                helper.run();
            }
            long t0 = System.nanoTime();
            var a = s.go(() -> {
                aStarted.countDown();
                return blockingOp.call();
            });
            aStarted.await();
            var b = s.go(() -> System.nanoTime());
            long bStarted = (b.join() - t0) / 1_000_000;
            a.join();
            System.out.printf("| %s | %d ms | %s |%n", name, bStarted,
                    bStarted < BLOCK_MILLIS / 2 ? "parks (worker freed)" : "pins the worker");
        }
    }

    private static void holdLock(ReentrantLock lock) {
        var held = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            lock.lock();
            held.countDown();
            try {
                Thread.sleep(BLOCK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        try {
            held.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeLater(Path fifo) {
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(BLOCK_MILLIS);
                Files.write(fifo, new byte[] {1});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Path mkfifo(Path path) throws Throwable {
        var linker = Linker.nativeLinker();
        var mkfifo = linker.downcallHandle(linker.defaultLookup().find("mkfifo").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (var arena = Arena.ofConfined()) {
            int rc = (int) mkfifo.invokeExact(arena.allocateFrom(path.toString()), 0600);
            if (rc != 0) {
                throw new IllegalStateException("mkfifo " + path + " failed");
            }
        }
        return path;
    }
}
