package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.runtime.numa.NumaTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyCommandTest {
    private static final Path FIXTURES = Path.of(System.getProperty("user.dir"))
            .resolve("../../shared/fixtures/topology").normalize();

    private static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }

    @Test
    void jsonOfAnEightNodeMachineIsOneObjectOnOneLine() {
        var run = Cli.run("topology", "--root", fixture("16amd64-8n2c"), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        var nodes = new StringBuilder();
        var distances = new StringBuilder();
        for (int n = 0; n < 8; n++) {
            long kb = n == 0 ? 8386704 : 8388608; // the fixture's meminfo
            nodes.append(n == 0 ? "" : ",").append("{\"id\":").append(n).append(",\"cpus\":[")
                    .append(2 * n).append(',').append(2 * n + 1).append("],\"memoryBytes\":").append(kb * 1024).append('}');
            distances.append(n == 0 ? "[" : ",[");
            for (int m = 0; m < 8; m++) {
                distances.append(m == 0 ? "" : ",").append(n == m ? 10 : 20);
            }
            distances.append(']');
        }
        assertThat(run.out()).isEqualTo("{\"numaNodes\":[" + nodes + "],\"distances\":[" + distances
                + "],\"pus\":16,\"cores\":16,\"packages\":8}\n");
    }

    @Test
    void fallbackPrintsNullDistancesAndWarnsOnStderr() {
        var run = Cli.run("topology", "--root", fixture("8em64t-2s2ca2c-buggynuma"), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("{\"numaNodes\":[{\"id\":0,\"cpus\":[0,1,2,3,4,5,6,7],\"memoryBytes\":0}],"
                + "\"distances\":null,\"pus\":8,\"cores\":8,\"packages\":2}\n");
        assertThat(run.err()).contains("warning").contains("CPU 0 is claimed by both node 0 and node 1");
    }

    @Test
    void tableLooksLikeNumactlHardwareWithSparseNodeIds() {
        var run = Cli.run("topology", "--root", fixture("48amd64-4pa2n6c-sparse"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        var lines = run.out().lines().toList();
        assertThat(lines).startsWith("available: 8 nodes (0-2,33-34,45,72-73)", "node 0 cpus: 0 1 2 3 4 5",
                "node 0 size: 8189 MB");
        assertThat(lines).contains("node 33 cpus: 18 19 20 21 22 23", "node 73 size: 16384 MB",
                "node distances:",
                "node    0   1   2  33  34  45  72  73",
                "  0:  10  16  16  22  16  22  16  22",
                " 73:  22  16  16  22  22  16  16  10");
        assertThat(lines.getLast()).isEqualTo("pus: 48, cores: 48, packages: 4");
    }

    @Test
    void tableSaysWhenDistancesAreUnknown() {
        var run = Cli.run("topology", "--root", fixture("2arm-2c"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("available: 1 node (0)", "node 0 cpus: 0 1",
                "node 0 size: unknown", "node distances: unknown", "pus: 2, cores: 2, packages: 1");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void wiringWithoutRootPrintsWhatNumaTopologyDetectReports() {
        var run = Cli.run("topology", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{\"numaNodes\":[{\"id\":")
                .endsWith(",\"pus\":" + NumaTopology.detect().pus() + ",\"cores\":" + NumaTopology.detect().cores()
                        + ",\"packages\":" + NumaTopology.detect().packages() + "}\n");
        assertThat(run.out().lines()).hasSize(1);
    }

    @Test
    void aMissingRootIsAUsageError() {
        var run = Cli.run("topology", "--root", "/no/such/dir");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--root: not a directory: /no/such/dir");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRootWithoutASysfsSnapshotIsAUsageErrorNotThisMachine(@TempDir Path empty) {
        var run = Cli.run("topology", "--root", empty.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--root: no Linux sysfs snapshot in " + empty.toAbsolutePath())
                .contains("sys/devices/system/cpu does not exist");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void garbageInASysfsFileIsQuotedShortOnStderr(@TempDir Path root) throws Exception {
        var cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        for (int n = 0; n < 2; n++) {
            Files.createDirectories(cpu.resolve("cpu" + n));
        }
        Files.writeString(cpu.resolve("online"), "z".repeat(20 * 1024 * 1024));
        var run = Cli.run("topology", "--root", root.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"pus\":2");
        assertThat(run.err()).contains("warning").contains("longer than");
        assertThat(run.err().length()).isLessThan(4096);
    }
}
