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

/** JMH: {@code trips} park/unpark round trips between two tasks (see {@link PingPong}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PingPongBenchmark {
    @Param({"tocin", "virtual-threads"})
    String impl;

    @Param("100000")
    int trips;

    private Contender contender;

    @Setup(Level.Trial)
    public void start() {
        contender = Implementation.byLabel(impl).start(Runtime.getRuntime().availableProcessors());
    }

    @TearDown(Level.Trial)
    public void stop() {
        contender.close();
    }

    @Benchmark
    public long pingPong() throws Exception {
        return PingPong.run(contender, trips);
    }
}
