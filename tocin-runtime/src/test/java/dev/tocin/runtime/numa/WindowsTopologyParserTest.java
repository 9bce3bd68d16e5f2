package dev.tocin.runtime.numa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Buffers as GetLogicalProcessorInformationEx fills them (winnt.h layouts, little-endian, 64-bit),
 * written here field by field from the documented structures.
 */
class WindowsTopologyParserTest {
    private record Affinity(long mask, int group) {
    }

    /** Appends SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX records. */
    private static final class Buffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private static ByteBuffer record(int relationship, int size) {
            var b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, relationship).putInt(4, size);
            return b;
        }

        /** PROCESSOR_RELATIONSHIP: Flags, EfficiencyClass, Reserved[20], GroupCount @22, GROUP_AFFINITY[] @24. */
        Buffer processor(int relationship, boolean smt, Affinity... masks) {
            var b = record(relationship, 8 + 24 + 16 * masks.length);
            b.put(8, (byte) (smt ? 1 : 0)).putShort(8 + 22, (short) masks.length);
            putMasks(b, masks);
            return add(b);
        }

        Buffer core(Affinity... masks) {
            return processor(0, Long.bitCount(masks[0].mask()) > 1, masks);
        }

        Buffer pkg(Affinity... masks) {
            return processor(3, false, masks);
        }

        /** NUMA_NODE_RELATIONSHIP: NodeNumber, Reserved[18], GroupCount @22, GROUP_AFFINITY[] @24. */
        Buffer node(int number, boolean windows11, Affinity... masks) {
            var b = record(1, 8 + 24 + 16 * masks.length);
            b.putInt(8, number).putShort(8 + 22, (short) (windows11 ? masks.length : 0));
            putMasks(b, masks);
            return add(b);
        }

        /** GROUP_RELATIONSHIP: Maximum/ActiveGroupCount, Reserved[20], PROCESSOR_GROUP_INFO[] (48 bytes) @24. */
        Buffer groups(long... activeMasks) {
            var b = record(4, 8 + 24 + 48 * activeMasks.length);
            b.putShort(8, (short) activeMasks.length).putShort(10, (short) activeMasks.length);
            for (int i = 0; i < activeMasks.length; i++) {
                int info = 8 + 24 + 48 * i;
                b.put(info, (byte) 64).put(info + 1, (byte) Long.bitCount(activeMasks[i]));
                b.putLong(info + 40, activeMasks[i]);
            }
            return add(b);
        }

        /** CACHE_RELATIONSHIP (2) or anything else: must be skipped by its Size. */
        Buffer opaque(int relationship, int size) {
            var b = record(relationship, size);
            for (int i = 8; i < size; i++) {
                b.put(i, (byte) 0x5a);
            }
            return add(b);
        }

        private static void putMasks(ByteBuffer b, Affinity... masks) {
            for (int i = 0; i < masks.length; i++) {
                int at = 8 + 24 + 16 * i;
                b.putLong(at, masks[i].mask()).putShort(at + 8, (short) masks[i].group());
                b.putShort(at + 10, (short) 0x7777).putShort(at + 12, (short) 0x7777).putShort(at + 14, (short) 0x7777);
            }
        }

        private Buffer add(ByteBuffer b) {
            out.writeBytes(b.array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static Affinity g0(long mask) {
        return new Affinity(mask, 0);
    }

    /** 2 packages x 2 cores x 2 threads in one group, one node per package (pre-Windows 11 records). */
    private static Buffer twoSocketMachine() {
        return new Buffer()
                .core(g0(0x03)).core(g0(0x0c)).core(g0(0x30)).core(g0(0xc0))
                .opaque(2, 8 + 48)
                .pkg(g0(0x0f)).pkg(g0(0xf0))
                .node(0, false, g0(0x0f)).node(1, false, g0(0xf0))
                .groups(0xff);
    }

    @Test
    void nodesCoresPackagesAndGroupsOfOneGroup() {
        var topology = WindowsTopologyParser.parse(twoSocketMachine().bytes());
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).containsExactly(
                new NumaNode(0, List.of(0, 1, 2, 3), 0, List.of()),
                new NumaNode(1, List.of(4, 5, 6, 7), 0, List.of()));
        assertThat(topology.pus()).isEqualTo(8);
        assertThat(topology.cores()).isEqualTo(4);
        assertThat(topology.packages()).isEqualTo(2);
        assertThat(topology.cpus().get(5)).isEqualTo(new CpuInfo(5, 2, 1, 1));
    }

    @Test
    void severalGroupsNumberProcessorsSixtyFourPerGroup() {
        // 2 groups of 4 processors; node 0 spans both groups (Windows 11 style: GroupCount 2), node 3 is
        // memory-only; one package spans both groups
        var buffer = new Buffer()
                .groups(0x0f, 0x0f)
                .core(g0(0x3)).core(g0(0xc)).core(new Affinity(0x3, 1)).core(new Affinity(0xc, 1))
                .pkg(g0(0x0f), new Affinity(0x0f, 1))
                .node(0, true, g0(0x0f), new Affinity(0x0f, 1))
                .node(3, true, g0(0));
        var topology = WindowsTopologyParser.parse(buffer.bytes());
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.cpus()).extracting(CpuInfo::id).containsExactly(0, 1, 2, 3, 64, 65, 66, 67);
        assertThat(topology.nodes()).extracting(NumaNode::id).containsExactly(0, 3);
        assertThat(topology.node(0)).map(NumaNode::cpus).hasValue(List.of(0, 1, 2, 3, 64, 65, 66, 67));
        assertThat(topology.node(3)).map(NumaNode::cpus).hasValue(List.of());
        assertThat(topology.cores()).isEqualTo(4);
        assertThat(topology.packages()).isEqualTo(1);
        assertThat(topology.cpus().get(6)).isEqualTo(new CpuInfo(66, 3, 0, 0));
    }

    @Test
    void olderWindowsReportsANodeSpanningGroupsAsOneRecordPerGroup() {
        var buffer = new Buffer()
                .groups(0x3, 0x3)
                .core(g0(0x1)).core(g0(0x2)).core(new Affinity(0x1, 1)).core(new Affinity(0x2, 1))
                .node(0, false, g0(0x3)).node(0, false, new Affinity(0x3, 1));
        var topology = WindowsTopologyParser.parse(buffer.bytes());
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).singleElement().extracting(NumaNode::cpus).isEqualTo(List.of(0, 1, 64, 65));
    }

    @Test
    void withoutNumaRecordsAllProcessorsFormOneNode() {
        var buffer = new Buffer().groups(0xf).core(g0(0x3)).core(g0(0xc)).pkg(g0(0xf));
        var topology = WindowsTopologyParser.parse(buffer.bytes());
        assertThat(topology.fallbackReason()).isEmpty();
        assertThat(topology.nodes()).containsExactly(new NumaNode(0, List.of(0, 1, 2, 3), 0, List.of()));
        assertThat(topology.cores()).isEqualTo(2);
    }

    @Test
    void withoutAGroupRecordTheCoresNameTheProcessors() {
        var buffer = new Buffer().core(g0(0x1)).core(g0(0x2)).node(0, false, g0(0x3));
        var topology = WindowsTopologyParser.parse(buffer.bytes());
        assertThat(topology.pus()).isEqualTo(2);
        assertThat(topology.packages()).as("no package record: each CPU stands alone").isEqualTo(2);
    }

    @Test
    void overlappingNodesFallBackToOneNode() {
        var buffer = new Buffer().groups(0xf).core(g0(0x3)).core(g0(0xc))
                .node(0, false, g0(0x7)).node(1, false, g0(0xc));
        var topology = WindowsTopologyParser.parse(buffer.bytes());
        assertThat(topology.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("CPU 2 is claimed by both node 0 and node 1"));
        assertThat(topology.nodes()).containsExactly(new NumaNode(0, List.of(0, 1, 2, 3), 0, List.of()));
    }

    @Test
    void processorsInNoNodeFallBackToOneNode() {
        var buffer = new Buffer().groups(0xf).core(g0(0xf)).node(0, false, g0(0x7));
        var topology = WindowsTopologyParser.parse(buffer.bytes());
        assertThat(topology.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("[3] belong to no NUMA node"));
    }

    @Test
    void aTruncatedBufferFallsBackNamingTheRecord() {
        var bytes = twoSocketMachine().bytes();
        var truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        var topology = WindowsTopologyParser.parse(truncated);
        assertThat(topology.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("has size 80 but 75 bytes remain"));
        assertThat(topology.pus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aRecordTooShortForItsMasksFallsBack() {
        var b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0).putInt(4, 32).putShort(30, (short) 1); // a core with one mask but no room for it
        var topology = WindowsTopologyParser.parse(b.array());
        assertThat(topology.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("too short"));
    }

    @Test
    void aZeroSizeRecordCannotLoopForever() {
        var b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1).putInt(4, 0);
        assertThat(WindowsTopologyParser.parse(b.array()).fallbackReason()).isPresent();
    }
}
