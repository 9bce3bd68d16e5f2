package dev.tocin.examples.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerExampleTest {
    /** An example's {@code run(PrintStream)}, which may throw. */
    interface Example {
        void run(PrintStream out) throws Exception;
    }

    private static List<String> output(Example example) {
        var bytes = new ByteArrayOutputStream();
        try {
            example.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("the example failed", e);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void schedulerTourPrintsWhatTheSeedGuidePromises() {
        assertThat(output(SchedulerExample::run)).containsExactly(
                "answer = 42",
                "child of a CRITICAL fiber runs at level 0",
                "report for HIGH",
                "order: CRITICAL > NORMAL > BACKGROUND (report ran at HIGH)",
                "workers: 1, mode: FIBERS",
                "completed: 7, failed: 0, active: 0",
                "terminated: true");
    }

    @Test
    void sleepingFibersFreeTheirWorkersAndFileIoIsCompensated() {
        assertThat(output(ParkingExample::run)).containsExactly(
                "10000 fibers slept 10 ms each on 2 workers",
                "more fibers asleep at once than workers: true",
                "file I/O in Fiber.blocking: 4000 bytes written and read back");
    }

    @Test
    void backgroundGetsThroughACriticalFlood() {
        assertThat(output(AgingExample::run)).containsExactly(
                "BACKGROUND fiber ran while the CRITICAL flood was still running: true",
                "CRITICAL fibers served before it: many");
    }

    @Test
    void numaExampleOnThisMachine() {
        var lines = output(out -> NumaExample.run(out, null));
        assertThat(lines).anyMatch(l -> l.matches("System has \\d+ NUMA node\\(s\\), \\d+ workers"));
        assertThat(lines).anyMatch(l -> l.startsWith("fiber placed on node "));
    }

    @Test
    void numaExampleOnAnEightNodeMachine() {
        var root = Path.of(System.getProperty("user.dir")).resolve("../../shared/fixtures/topology/16amd64-8n2c").normalize();
        var lines = output(out -> NumaExample.run(out, root));
        assertThat(lines.subList(0, 8)).containsExactly(
                "fiber placed on node 0", "fiber placed on node 1", "fiber placed on node 2", "fiber placed on node 3",
                "fiber placed on node 4", "fiber placed on node 5", "fiber placed on node 6", "fiber placed on node 7");
        assertThat(lines.get(8)).isEqualTo("System has 8 NUMA node(s), 16 workers");
        // Worker 0 was pinned by hand to node 7: node 0 keeps one worker, node 7 has three.
        assertThat(lines.subList(9, 17)).containsExactly(
                "node 0: 1 worker(s), 1 fiber(s) run", "node 1: 2 worker(s), 1 fiber(s) run",
                "node 2: 2 worker(s), 1 fiber(s) run", "node 3: 2 worker(s), 1 fiber(s) run",
                "node 4: 2 worker(s), 1 fiber(s) run", "node 5: 2 worker(s), 1 fiber(s) run",
                "node 6: 2 worker(s), 1 fiber(s) run", "node 7: 3 worker(s), 1 fiber(s) run");
    }
}
