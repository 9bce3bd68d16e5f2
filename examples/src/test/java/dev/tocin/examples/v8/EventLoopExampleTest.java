package dev.tocin.examples.v8;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopExampleTest {
    @Test
    void timersAndMicrotasksRunInOrderUntilTheLoopIsIdle() {
        var bytes = new ByteArrayOutputStream();
        EventLoopExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        var lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.subList(0, 3)).containsExactly("sync code done", "microtask", "timeout 0 ms");
        assertThat(lines).containsSubsequence("tick 1", "tick 2", "tick 3");
        assertThat(lines).contains("timeout 20 ms");
        assertThat(lines.getLast()).isEqualTo("loop idle: true");
        assertThat(lines).hasSize(8);
    }
}
