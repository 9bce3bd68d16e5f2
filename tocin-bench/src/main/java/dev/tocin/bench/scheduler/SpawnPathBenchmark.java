package dev.tocin.bench.scheduler;

import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH, the spawn path alone (issue 18): nanoseconds per no-op task for submit, queue, claim, run
 * and complete, with nothing else in the task (no counter, no result) and one quiescence wait per
 * batch ({@code waitAll} / {@code awaitQuiescence}), on Tocin and {@code ForkJoinPool}, both with
 * {@code workers} threads. {@code EXTERNAL} submits from the benchmark thread, {@code INTERNAL}
 * from inside one task (children go to that worker's own queue on both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpawnPathBenchmark {
    static final int BATCH = 10_000;
    private static final Runnable NOOP = () -> { };
    private static final long POLL_NANOS = 10_000;

    @Param({"tocin-execute", "tocin-go", "ForkJoinPool"})
    String impl;

    @Param({"EXTERNAL", "INTERNAL"})
    String from;

    @Param("2")
    int workers;

    private ExecutorService pool;
    private Runnable spawnBatch;

    @Setup(Level.Trial)
    public void start() {
        if (impl.startsWith("tocin")) {
            var s = LightweightScheduler.builder().workers(workers).topology(NumaTopology.singleNode(workers))
                    .affinity(Affinity.none()).name("spawn-path").build();
            s.start();
            pool = s;
        } else {
            pool = new ForkJoinPool(workers);
        }
        boolean go = impl.equals("tocin-go");
        spawnBatch = () -> {
            for (int i = 0; i < BATCH; i++) {
                if (go) {
                    ((LightweightScheduler) pool).go(NOOP);
                } else {
                    pool.execute(NOOP);
                }
            }
        };
    }

    @TearDown(Level.Trial)
    public void stop() {
        pool.close();
    }

    /**
     * Tocin's {@code waitAll} parks until woken by the last completion. {@code ForkJoinPool}'s
     * {@code awaitQuiescence} would run tasks on the waiting thread (a third worker), so it is polled.
     */
    private boolean quiescent() {
        if (pool instanceof LightweightScheduler s) {
            return s.waitAll(Duration.ofSeconds(Guard.GUARD_SECONDS));
        }
        var fjp = (ForkJoinPool) pool;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Guard.GUARD_SECONDS);
        while (!fjp.isQuiescent()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawn() throws TimeoutException {
        if (from.equals("INTERNAL")) {
            pool.execute(spawnBatch);
        } else {
            spawnBatch.run();
        }
        if (!quiescent()) {
            throw new TimeoutException(BATCH + " tasks on " + impl + " did not finish within " + Guard.GUARD_SECONDS + " s");
        }
    }
}
