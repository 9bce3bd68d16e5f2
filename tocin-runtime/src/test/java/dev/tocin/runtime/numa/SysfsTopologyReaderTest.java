package dev.tocin.runtime.numa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsTopologyReaderTest {
    @TempDir
    Path root;
    FakeSysfs fs;

    @BeforeEach
    void setUp() {
        fs = new FakeSysfs(root);
    }

    private FakeSysfs twoNodes() {
        return fs.cpus(4).node(0, "0-1", "10 21", 1024).node(1, "2-3", "21 10", 2048);
    }

    @Test
    void readsAWellFormedTwoNodeMachine() {
        var topology = twoNodes().read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).containsExactly(
                new NumaNode(0, List.of(0, 1), 1024L * 1024, List.of(10, 21)),
                new NumaNode(1, List.of(2, 3), 2048L * 1024, List.of(21, 10)));
        assertThat(topology.distance(1, 0)).hasValue(21);
        assertThat(topology.distance(0, 7)).isEmpty();
        assertThat(topology.nodeOfCpu(3)).hasValue(1);
        assertThat(topology.nodeOfCpu(4)).isEmpty();
        assertThat(topology.node(1)).map(NumaNode::cpus).hasValue(List.of(2, 3));
        assertThat(topology.pus()).isEqualTo(4);
        assertThat(topology.cores()).isEqualTo(4);
        assertThat(topology.packages()).isEqualTo(1);
    }

    @Test
    void trailingNulBytesAndMissingNewlinesAreAccepted() {
        fs.cpus(4);
        fs.write("sys/devices/system/cpu/online", "0-3");
        fs.write("sys/devices/system/node/node0/cpulist", "0-1\n\0".getBytes());
        fs.write("sys/devices/system/node/node1/cpulist", "2-3\0\0\0".getBytes());
        fs.write("sys/devices/system/node/node0/distance", " 10   20\0");
        fs.write("sys/devices/system/node/node1/distance", "20 10");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).extracting(NumaNode::cpus).containsExactly(List.of(0, 1), List.of(2, 3));
        assertThat(topology.distance(0, 1)).hasValue(20);
    }

    @Test
    void textAfterANulByteIsIgnoredSoATruncatedListOrphansCpus() {
        twoNodes().write("sys/devices/system/node/node0/cpulist", "0\0-1\n".getBytes());
        var topology = fs.read();
        assertFallback(topology, "online CPUs [1] belong to no NUMA node");
    }

    @Test
    void aFileOfNulBytesOnlyIsAnEmptyListAndOrphansItsCpus() {
        twoNodes().write("sys/devices/system/node/node1/cpulist", new byte[] {0, 0, 0, 0});
        assertFallback(fs.read(), "online CPUs [2, 3] belong to no NUMA node");
    }

    @Test
    void nodesSharingACpuFallBackToOneNode() {
        twoNodes().write("sys/devices/system/node/node1/cpulist", "1-3\n");
        assertFallback(fs.read(), "CPU 1 is claimed by both node 0 and node 1");
    }

    @Test
    void cpusInNoNodeFallBackToOneNode() {
        fs.cpus(4).node(0, "0-1", "10 20", 1).node(1, "2", "20 10", 1);
        assertFallback(fs.read(), "online CPUs [3] belong to no NUMA node");
    }

    @Test
    void garbageCpulistFallsBackNamingFileAndValue() {
        twoNodes().write("sys/devices/system/node/node1/cpulist", "2-x\n");
        var topology = fs.read();
        assertFallback(topology, "node1" + root.getFileSystem().getSeparator() + "cpulist");
        assertThat(topology.fallbackReason().orElseThrow()).contains("invalid CPU number 'x'").contains("'2-x'");
    }

    @Test
    void descendingRangeIsRejected() {
        twoNodes().write("sys/devices/system/node/node1/cpulist", "3-2\n");
        assertFallback(fs.read(), "descending range '3-2'");
    }

    @Test
    void hugeCpuNumbersAreRejectedInsteadOfAllocated() {
        twoNodes().write("sys/devices/system/node/node1/cpulist", "2-999999\n");
        assertFallback(fs.read(), "CPU number 999999 out of range");
    }

    @Test
    void garbageCpumapFallsBackNamingFileAndValue() {
        twoNodes();
        fs.write("sys/devices/system/node/node1/cpulist", "");
        deleteFile("sys/devices/system/node/node1/cpulist");
        fs.write("sys/devices/system/node/node1/cpumap", "0000000c,zz\n");
        assertFallback(fs.read(), "invalid word 'zz' in CPU mask '0000000c,zz'");
    }

    @Test
    void unreadableCpulistFallsBack() {
        twoNodes();
        deleteFile("sys/devices/system/node/node1/cpulist");
        // a folder where a file should be cannot be read, even by root (tests may run as root)
        fs.mkdir("sys/devices/system/node/node1/cpulist");
        assertFallback(fs.read(), "cannot read");
    }

    @Test
    void nodeWithoutCpulistOrCpumapFallsBack() {
        twoNodes();
        deleteFile("sys/devices/system/node/node0/cpulist");
        assertFallback(fs.read(), "has neither cpulist nor cpumap");
    }

    @Test
    void garbageOnlineFileFallsBackAndCountsCpuFolders() {
        twoNodes().write("sys/devices/system/cpu/online", "0-3,what\n");
        var topology = fs.read();
        assertFallback(topology, "invalid CPU number 'what'");
        assertThat(topology.cpus()).extracting(CpuInfo::id).containsExactly(0, 1, 2, 3);
    }

    @Test
    void missingOnlineFileUsesCpuFoldersAndTheirOnlineFlags() {
        // real: the 256ppc fixture has no cpu/online; cpu0 usually has no online file (cannot go offline)
        twoNodes();
        deleteFile("sys/devices/system/cpu/online");
        fs.write("sys/devices/system/cpu/cpu1/online", "1\n");
        fs.write("sys/devices/system/cpu/cpu3/online", "0\n");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.cpus()).extracting(CpuInfo::id).containsExactly(0, 1, 2);
        assertThat(topology.nodes()).extracting(NumaNode::cpus).containsExactly(List.of(0, 1), List.of(2));
    }

    @Test
    void noCpuInformationAtAllFallsBackToAvailableProcessors() {
        fs.mkdir("sys/devices/system");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("no online CPUs"));
        assertThat(topology.pus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void offlineCpusAreDroppedFromTheirNode() {
        twoNodes().write("sys/devices/system/cpu/cpu3/online", "0\n");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.node(1)).map(NumaNode::cpus).hasValue(List.of(2));
        assertThat(topology.pus()).isEqualTo(3);
    }

    @Test
    void garbagePerCpuOnlineFlagFallsBack() {
        twoNodes().write("sys/devices/system/cpu/cpu2/online", "yes\n");
        assertFallback(fs.read(), "expected 0 or 1, found 'yes'");
    }

    @Test
    void anEmptyPerCpuOnlineFileMeansOnlineAsInHwloc() {
        // seen on some kernels and in copied /sys trees: the file exists but holds nothing
        twoNodes().write("sys/devices/system/cpu/cpu1/online", "");
        fs.write("sys/devices/system/cpu/cpu2/online", "\n");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).extracting(NumaNode::cpus).containsExactly(List.of(0, 1), List.of(2, 3));
    }

    @Test
    void anEmptyPerCpuOnlineFileWithoutCpuOnlineListAlsoMeansOnline() {
        twoNodes();
        deleteFile("sys/devices/system/cpu/online");
        fs.write("sys/devices/system/cpu/cpu3/online", "");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.pus()).isEqualTo(4);
    }

    @Test
    void megabytesOfGarbageAreNeitherReadWhollyNorQuotedWhole() {
        var garbage = "x".repeat(20 * 1024 * 1024);
        twoNodes().write("sys/devices/system/cpu/online", garbage);
        var topology = fs.read();
        assertFallback(topology, "longer than " + SysfsText.MAX_FILE_BYTES + " bytes");
        assertThat(topology.fallbackReason()).hasValueSatisfying(r -> assertThat(r.length()).isLessThan(1000));
        assertThat(topology.cpus()).extracting(CpuInfo::id).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aLongGarbageValueIsQuotedShortened() {
        var garbage = "0-1," + "y".repeat(100_000);
        twoNodes().write("sys/devices/system/node/node1/cpulist", garbage);
        var topology = fs.read();
        assertFallback(topology, "(100004 characters)");
        assertThat(topology.fallbackReason()).hasValueSatisfying(r -> assertThat(r.length()).isLessThan(1000));
    }

    @Test
    void memoryOnlyNodesAreKept() {
        fs.cpus(2).node(0, "0-1", "10 20", 4096).node(1, "", "20 10", 8192);
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).extracting(NumaNode::id).containsExactly(0, 1);
        assertThat(topology.node(1)).hasValueSatisfying(n -> {
            assertThat(n.cpus()).isEmpty();
            assertThat(n.memoryBytes()).isEqualTo(8192L * 1024);
        });
    }

    @Test
    void sparseNodeIdsAreOrderedNumericallyAndDistancesFollowThatOrder() {
        fs.cpus(6)
                .node(12, "4-5", "40 40 10", 1)
                .node(0, "0-1", "10 20 40", 1)
                .node(4, "2-3", "20 10 40", 1);
        var topology = fs.read();
        assertThat(topology.nodes()).extracting(NumaNode::id).containsExactly(0, 4, 12);
        assertThat(topology.distance(4, 12)).hasValue(40);
        assertThat(topology.distance(4, 0)).hasValue(20);
        assertThat(topology.nodeOfCpu(5)).hasValue(12);
    }

    @Test
    void cpumapWithSeveralWordsIsReadMostSignificantFirst() {
        fs.write("sys/devices/system/cpu/online", "0-1,64");
        fs.write("sys/devices/system/node/node0/cpumap", "00000001,00000000,00000003\n");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.node(0)).map(NumaNode::cpus).hasValue(List.of(0, 1, 64));
    }

    @Test
    void malformedDistancesAreUnknownButNodesAreKept() {
        twoNodes().write("sys/devices/system/node/node1/distance", "21\n");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).hasSize(2).allSatisfy(n -> assertThat(n.distances()).isEmpty());
        assertThat(topology.distance(0, 1)).isEmpty();

        twoNodes().write("sys/devices/system/node/node1/distance", "21 ten\n");
        assertThat(fs.read().distance(0, 1)).isEmpty();
    }

    @Test
    void aSingleNodeHasNoDistancesLikeHwloc() {
        fs.cpus(2).node(0, "0-1", "10", 1);
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.distance(0, 0)).isEmpty();
    }

    @Test
    void missingMeminfoIsUnknownMemory() {
        twoNodes();
        deleteFile("sys/devices/system/node/node1/meminfo");
        fs.write("sys/devices/system/node/node0/meminfo", "Node 0 MemFree: 12 kB\n");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).extracting(NumaNode::memoryBytes).containsExactly(0L, 0L);
    }

    @Test
    void noNodeFolderIsOneNodeWithoutAFallbackReason() {
        fs.cpus(3).write("proc/meminfo", "MemTotal:        2000 kB\nMemFree: 1 kB\n");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).containsExactly(new NumaNode(0, List.of(0, 1, 2), 2000L * 1024, List.of()));
    }

    @Test
    void threadSiblingsMakeCoresAndCoreSiblingsMakePackages() {
        // 2 packages x 2 cores x 2 threads; core_id repeats across packages
        fs.write("sys/devices/system/cpu/online", "0-7");
        int[][] cores = {{0, 4}, {1, 5}, {2, 6}, {3, 7}};
        for (int c = 0; c < cores.length; c++) {
            for (int cpu : cores[c]) {
                var t = "sys/devices/system/cpu/cpu" + cpu + "/topology/";
                fs.write(t + "thread_siblings_list", cores[c][0] + "," + cores[c][1]);
                fs.write(t + "core_siblings", c < 2 ? "33" : "cc");
                fs.write(t + "core_id", String.valueOf(c % 2));
                fs.write(t + "physical_package_id", String.valueOf(c / 2));
            }
        }
        var topology = fs.read();
        assertThat(topology.pus()).isEqualTo(8);
        assertThat(topology.cores()).isEqualTo(4);
        assertThat(topology.packages()).isEqualTo(2);
        assertThat(topology.cpus().get(4)).isEqualTo(new CpuInfo(4, 0, 0, 0));
        assertThat(topology.cpus().get(7)).isEqualTo(new CpuInfo(7, 3, 1, 0));
    }

    @Test
    void withoutSiblingFilesFirmwareIdsDecideAndWithoutThoseEachCpuIsACore() {
        fs.write("sys/devices/system/cpu/online", "0-3");
        for (int cpu = 0; cpu < 2; cpu++) {
            var t = "sys/devices/system/cpu/cpu" + cpu + "/topology/";
            fs.write(t + "core_id", "7");
            fs.write(t + "physical_package_id", "3");
        }
        var topology = fs.read();
        assertThat(topology.cores()).as("CPUs 0 and 1 share a core, 2 and 3 are unknown").isEqualTo(3);
        assertThat(topology.packages()).as("package 3 and an unknown package").isEqualTo(2);
        assertThat(topology.physicalCores()).isEqualTo(3);
    }

    @Test
    void garbageTopologyFilesMakeACpuItsOwnCoreWithoutNodeFallback() {
        twoNodes();
        for (int cpu = 0; cpu < 4; cpu++) {
            fs.write("sys/devices/system/cpu/cpu" + cpu + "/topology/thread_siblings_list", cpu < 2 ? "0-1" : "2-3");
        }
        assertThat(fs.read().cores()).isEqualTo(2);
        fs.write("sys/devices/system/cpu/cpu3/topology/thread_siblings_list", "two-three");
        var topology = fs.read();
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).hasSize(2);
        assertThat(topology.cores()).as("CPU 3 on its own").isEqualTo(3);
    }

    private void deleteFile(String relative) {
        try {
            Files.delete(root.resolve(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertFallback(NumaTopology topology, String reasonPart) {
        assertThat(topology.fallbackReason()).as("fallback reason")
                .hasValueSatisfying(reason -> assertThat(reason).contains(reasonPart));
        assertThat(topology.nodes()).as("one node holding every online CPU").singleElement().satisfies(node -> {
            assertThat(node.id()).isZero();
            assertThat(node.cpus()).containsExactlyElementsOf(topology.cpus().stream().map(CpuInfo::id).toList());
            assertThat(node.distances()).isEmpty();
        });
        assertThat(topology.cpus()).allSatisfy(cpu -> assertThat(cpu.node()).isZero());
    }
}
