package dev.tocin.v8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tocin.runtime.numa.Affinity;
import java.util.BitSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopAffinityTest {
    @Test
    void theLoopThreadRunsOnlyOnTheCpusItWasGiven() {
        BitSet mine = Affinity.system().currentThreadAffinity();
        assumeTrue(!mine.isEmpty(), "no sched_getaffinity here");
        int cpu = mine.length() - 1; // the highest CPU this process may use
        var seen = new java.util.concurrent.CompletableFuture<BitSet>();
        try (var rt = new V8Runtime(V8Options.builder().loopAffinity(Set.of(cpu)).build())) {
            rt.registerFunction("loopCpus", args -> {
                seen.complete(Affinity.system().currentThreadAffinity());
                return null;
            });
            // A timer callback runs on the loop thread (a caller's own call runs on the caller's thread).
            rt.executeCode("setTimeout(loopCpus, 1)");
            var expected = new BitSet();
            expected.set(cpu);
            assertThat(seen).succeedsWithin(java.time.Duration.ofSeconds(60)).isEqualTo(expected);
        }
    }

    @Test
    void withoutLoopCpusTheLoopThreadKeepsTheProcessAffinity() {
        var seen = new java.util.concurrent.CompletableFuture<BitSet>();
        try (var rt = new V8Runtime()) {
            rt.registerFunction("loopCpus", args -> {
                seen.complete(Affinity.system().currentThreadAffinity());
                return null;
            });
            rt.executeCode("setTimeout(loopCpus, 1)");
            assertThat(seen).succeedsWithin(java.time.Duration.ofSeconds(60)).isEqualTo(Affinity.system().currentThreadAffinity());
        }
    }

    @Test
    void negativeCpuIdsAreRefused() {
        var builder = V8Options.builder().loopAffinity(Set.of(-1));
        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
