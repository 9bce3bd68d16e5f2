package dev.tocin.runtime.numa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every folder of the shared topology fixtures (real machines' sysfs, see its README) must read as hwloc
 * reports it in the folder's expected.json. The folders are discovered, not named: snapshots of other
 * machines dropped in there are checked the same way.
 */
class FixtureTopologyTest {
    static final Path FIXTURES = Path.of(System.getProperty("user.dir"))
            .resolve("../../shared/fixtures/topology").normalize();

    static List<Path> fixtureFolders() throws IOException {
        assertThat(FIXTURES).as("topology fixtures folder").isDirectory();
        try (var entries = Files.list(FIXTURES)) {
            var folders = entries.filter(p -> Files.isRegularFile(p.resolve("expected.json"))).sorted().toList();
            assertThat(folders).as("fixture folders with expected.json under " + FIXTURES).isNotEmpty();
            return folders;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureAgreesWithHwloc() throws IOException {
        return fixtureFolders().stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(),
                () -> assertAgrees(folder)));
    }

    @SuppressWarnings("unchecked")
    private static void assertAgrees(Path folder) throws IOException {
        var expected = (Map<String, Object>) MiniJson.parse(Files.readString(folder.resolve("expected.json")));
        var topology = NumaTopology.read(folder);

        var expectedNodes = (List<Map<String, Object>>) expected.get("numaNodes");
        assertThat(topology.nodes()).extracting(NumaNode::id).as("node ids")
                .containsExactlyElementsOf(expectedNodes.stream().map(n -> toInt(n.get("id"))).toList());
        for (int i = 0; i < expectedNodes.size(); i++) {
            assertThat(topology.nodes().get(i).cpus()).as("CPUs of node " + topology.nodes().get(i).id())
                    .containsExactlyElementsOf(ints((List<Object>) expectedNodes.get(i).get("cpus")));
        }

        var distances = (List<List<Object>>) expected.get("distances");
        if (distances == null) {
            assertThat(topology.nodes()).as("distances unknown").allSatisfy(n -> assertThat(n.distances()).isEmpty());
        } else {
            for (int i = 0; i < distances.size(); i++) {
                var node = topology.nodes().get(i);
                assertThat(node.distances()).as("distance row of node " + node.id())
                        .containsExactlyElementsOf(ints(distances.get(i)));
                for (int j = 0; j < distances.size(); j++) {
                    assertThat(topology.distance(node.id(), topology.nodes().get(j).id()))
                            .hasValue(toInt(distances.get(i).get(j)));
                }
            }
        }

        assertThat(topology.pus()).as("pus").isEqualTo(toInt(expected.get("pus")));
        assertThat(topology.cores()).as("cores").isEqualTo(toInt(expected.get("cores")));
        assertThat(topology.packages()).as("packages").isEqualTo(toInt(expected.get("packages")));
        assertThat(topology.physicalCores()).isEqualTo(topology.cores());

        // internal consistency of what the model hands to the scheduler
        assertThat(topology.cpus()).extracting(CpuInfo::id).as("CPU ids = union of node CPUs")
                .containsExactlyElementsOf(topology.nodes().stream().flatMap(n -> n.cpus().stream()).sorted().toList());
        for (var cpu : topology.cpus()) {
            assertThat(topology.nodeOfCpu(cpu.id())).hasValue(cpu.node());
            assertThat(cpu.core()).isBetween(0, topology.cores() - 1);
            assertThat(cpu.packageId()).isBetween(0, topology.packages() - 1);
        }
        // hwloc dropping node folders means the firmware data was rejected: we must say so
        var nodeFolders = countNodeFolders(folder.resolve("sys/devices/system/node"));
        boolean hwlocFellBack = nodeFolders > 0 && nodeFolders != expectedNodes.size();
        assertThat(topology.fallbackReason().isPresent()).as("fallback reported: " + topology.fallbackReason())
                .isEqualTo(hwlocFellBack);
    }

    private static long countNodeFolders(Path nodeDir) throws IOException {
        if (!Files.isDirectory(nodeDir)) {
            return 0;
        }
        try (var entries = Files.list(nodeDir)) {
            return entries.filter(p -> p.getFileName().toString().matches("node\\d+")).count();
        }
    }

    private static int toInt(Object number) {
        return Math.toIntExact((Long) number);
    }

    private static List<Integer> ints(List<Object> numbers) {
        var result = new ArrayList<Integer>();
        numbers.forEach(n -> result.add(toInt(n)));
        return result;
    }
}
