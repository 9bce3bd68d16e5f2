package dev.tocin.bench.js;

import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Runtime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * JMH view of the {@code js} suite's main figures: {@code callFunction} from the JMH thread
 * (a cross-thread round trip to the runtime's loop) against raw Javet calling the same
 * function on the JMH thread. Run with
 * {@code java -cp CLASSPATH org.openjdk.jmh.Main JsCallBenchmark} (see docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
public class JsCallBenchmark {
    private static final FFIValue ONE = FFIValue.of(1);
    private static final FFIValue TWO = FFIValue.of(2);

    /** One Tocin runtime with the module loaded; its loop thread is not the JMH thread. */
    @State(Scope.Benchmark)
    public static class Tocin {
        V8Runtime rt;
        Path module;

        @Setup(Level.Trial)
        public void start() throws Exception {
            module = Files.createTempFile("tocin-jmh", ".mjs");
            Files.writeString(module, JsCallSuite.MODULE);
            rt = new V8Runtime();
            rt.loadModule(module.toString(), "bench");
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            rt.close();
            Files.deleteIfExists(module);
        }
    }

    /** Raw Javet on the JMH thread, the function looked up once. */
    @State(Scope.Thread)
    public static class Raw {
        V8Runtime owner;
        RawJavet raw;

        @Setup(Level.Trial)
        public void start() throws Exception {
            owner = new V8Runtime(); // loads the native library from Tocin's cache
            owner.initialize();
            raw = new RawJavet();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            raw.close();
            owner.close();
        }
    }

    @Benchmark
    public FFIValue tocinCallFunctionFromOtherThread(Tocin t) {
        return t.rt.callFunction("bench", "add", ONE, TWO);
    }

    @Benchmark
    public int rawJavetSameThread(Raw r) throws Exception {
        return r.raw.add(2);
    }
}
