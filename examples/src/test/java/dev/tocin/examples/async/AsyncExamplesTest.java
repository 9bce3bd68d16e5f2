package dev.tocin.examples.async;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncExamplesTest {
    private interface Example {
        void run(PrintStream out) throws Exception;
    }

    private static List<String> output(Example example) throws Exception {
        var bytes = new ByteArrayOutputStream();
        example.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void promiseExample() throws Exception {
        // The seed waits 5 s for the promise that never settles; the outcome is the same with 200 ms.
        var lines = output(out -> PromiseExample.run(out, 200));
        assertThat(lines).hasSize(7);
        assertThat(lines.subList(0, 5)).containsExactly(
                "awaitAll: First",
                "awaitAll: Second",
                "JS saw: First + Second",
                "myPromise resolved: 42",
                "failing rejected: Error: record 7 not found");
        assertThat(lines.get(5)).matches("JS stack starts: \\[Error: record 7 not found, +at load \\(executeCode:1:\\d+\\)]");
        assertThat(lines.get(6)).isEqualTo("after 200 ms: pending = true");
    }

    @Test
    void futureBridgeExample() throws Exception {
        assertThat(output(FutureBridgeExample::run)).containsExactly(
                "JS: Hello, Ada",
                "JS: IllegalArgumentException: no user 2",
                "Java: slowSquare(3) = 9",
                "Java: caught TypeError 'not a number'",
                "JS doubled the Java future: 42");
    }

    @Test
    void combinedExample() throws Exception {
        assertThat(output(CombinedExample::run)).containsExactly(
                "CRITICAL: count=4 sum=7",
                "NORMAL: count=4 sum=9",
                "BACKGROUND: count=4 sum=11",
                "scaled: [10,20,30]",
                "fibers completed: 4");
    }
}
