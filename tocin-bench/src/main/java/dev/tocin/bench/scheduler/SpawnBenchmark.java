package dev.tocin.bench.scheduler;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** JMH: time to start {@code tasks} tiny tasks and see them all done (see {@link Spawn}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpawnBenchmark {
    @Param({"tocin", "ForkJoinPool", "TPE+PBQ", "virtual-threads", "tocin-numa-aware"})
    String impl;

    @Param({"EXTERNAL", "INTERNAL"})
    String from;

    @Param("1000000")
    int tasks;

    private Contender contender;
    private Spawn.From origin;

    @Setup(Level.Trial)
    public void start() {
        contender = Implementation.byLabel(impl).start(Runtime.getRuntime().availableProcessors());
        origin = Spawn.From.valueOf(from);
    }

    @TearDown(Level.Trial)
    public void stop() {
        contender.close();
    }

    @Benchmark
    public long spawn() throws Exception {
        return Spawn.run(contender, tasks, origin);
    }
}
