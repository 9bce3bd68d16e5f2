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

/** JMH: one skynet tree of {@code leaves} leaves, its sum checked (see {@link Skynet}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SkynetBenchmark {
    @Param({"tocin", "virtual-threads", "tocin-numa-aware"})
    String impl;

    @Param("1000000")
    long leaves;

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
    public long skynet() throws Exception {
        return Skynet.run(contender, leaves);
    }
}
