package dev.tocin.runtime.numa;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the buffer filled by {@code GetLogicalProcessorInformationEx(RelationAll, ...)} into a topology.
 * A pure function of the bytes, so it is tested on buffers built by hand.
 *
 * <p>The buffer is a sequence of {@code SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX} records (winnt.h,
 * little-endian, 64-bit): {@code DWORD Relationship; DWORD Size;} then, at offset 8, one of
 * <ul>
 *   <li>{@code PROCESSOR_RELATIONSHIP} (core 0, package 3): {@code BYTE Flags; BYTE EfficiencyClass;
 *       BYTE Reserved[20]; WORD GroupCount; GROUP_AFFINITY GroupMask[GroupCount]} (masks at +24);</li>
 *   <li>{@code NUMA_NODE_RELATIONSHIP} (1): {@code DWORD NodeNumber; BYTE Reserved[18]; WORD GroupCount;
 *       GROUP_AFFINITY GroupMasks[]} (masks at +24; GroupCount is 0 before Windows 11 / Server 2022,
 *       meaning exactly one mask);</li>
 *   <li>{@code GROUP_RELATIONSHIP} (4): {@code WORD MaximumGroupCount; WORD ActiveGroupCount;
 *       BYTE Reserved[20]; PROCESSOR_GROUP_INFO GroupInfo[ActiveGroupCount]} (at +24, 48 bytes each:
 *       {@code BYTE MaximumProcessorCount; BYTE ActiveProcessorCount; BYTE Reserved[38];
 *       KAFFINITY ActiveProcessorMask} at +40).</li>
 * </ul>
 * {@code GROUP_AFFINITY} is {@code KAFFINITY Mask} (8 bytes), {@code WORD Group}, {@code WORD Reserved[3]}:
 * 16 bytes. Other relationships (caches, dies, modules) are skipped by their {@code Size}.
 * Processor number {@code b} of group {@code g} is CPU {@code 64 * g + b}, as hwloc numbers them.
 */
final class WindowsTopologyParser {
    static final int RELATION_PROCESSOR_CORE = 0;
    static final int RELATION_NUMA_NODE = 1;
    static final int RELATION_PROCESSOR_PACKAGE = 3;
    static final int RELATION_GROUP = 4;

    static final int HEADER_SIZE = 8;
    static final int NODE_NUMBER = HEADER_SIZE;
    static final int GROUP_COUNT = HEADER_SIZE + 22;
    static final int GROUP_MASKS = HEADER_SIZE + 24;
    static final int GROUP_AFFINITY_SIZE = 16;
    static final int ACTIVE_GROUP_COUNT = HEADER_SIZE + 2;
    static final int GROUP_INFOS = HEADER_SIZE + 24;
    static final int GROUP_INFO_SIZE = 48;
    static final int ACTIVE_PROCESSOR_MASK = 40;
    static final int PROCESSORS_PER_GROUP = 64;

    private static final ValueLayout.OfInt DWORD = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong KAFFINITY = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WindowsTopologyParser() {
    }

    static NumaTopology parse(byte[] buffer) {
        return parse(MemorySegment.ofArray(buffer));
    }

    static NumaTopology parse(MemorySegment buffer) {
        Records records;
        try {
            records = records(buffer);
        } catch (TopologyDataException e) {
            var why = "GetLogicalProcessorInformationEx returned unusable data: " + e.getMessage();
            System.getLogger(WindowsTopologyParser.class.getName()).log(System.Logger.Level.WARNING,
                    "NUMA topology: {0}; assuming one node", why);
            return NumaTopology.singleNode(Runtime.getRuntime().availableProcessors(), why);
        }
        var online = records.online;
        List<NumaNode> nodes = null;
        String reason = null;
        if (records.nodes.isEmpty()) {
            nodes = List.of(new NumaNode(0, TopologyAssembly.list(online), 0, List.of()));
        } else {
            records.nodes.values().forEach(cpus -> cpus.and(online));
            try {
                TopologyAssembly.requirePartition(records.nodes, online, "GetLogicalProcessorInformationEx");
                nodes = new ArrayList<>();
                for (var entry : records.nodes.entrySet()) {
                    // this API reports no distances and no memory sizes
                    nodes.add(new NumaNode(entry.getKey(), TopologyAssembly.list(entry.getValue()), 0, List.of()));
                }
            } catch (TopologyDataException e) {
                reason = e.getMessage();
            }
        }
        var coreOf = groupIndexes(online, records.cores);
        var packageOf = groupIndexes(online, records.packages);
        return TopologyAssembly.assemble(online, nodes, reason, coreOf::get, packageOf::get, 0,
                "GetLogicalProcessorInformationEx");
    }

    private record Records(BitSet online, List<BitSet> cores, List<BitSet> packages, TreeMap<Integer, BitSet> nodes) {
    }

    private static Records records(MemorySegment buffer) throws TopologyDataException {
        var groups = new BitSet();
        var cores = new ArrayList<BitSet>();
        var packages = new ArrayList<BitSet>();
        var nodes = new TreeMap<Integer, BitSet>();
        long length = buffer.byteSize();
        long offset = 0;
        while (offset < length) {
            if (length - offset < HEADER_SIZE) {
                throw new TopologyDataException(length - offset + " stray bytes at offset " + offset);
            }
            int relationship = buffer.get(DWORD, offset);
            long size = Integer.toUnsignedLong(buffer.get(DWORD, offset + 4));
            if (size < HEADER_SIZE || size > length - offset) {
                throw new TopologyDataException("record at offset " + offset + " (relationship " + relationship
                        + ") has size " + size + " but " + (length - offset) + " bytes remain");
            }
            var record = buffer.asSlice(offset, size);
            switch (relationship) {
                case RELATION_PROCESSOR_CORE -> cores.add(groupMasks(record, offset, unsignedWord(record, offset, GROUP_COUNT)));
                case RELATION_PROCESSOR_PACKAGE -> packages.add(groupMasks(record, offset, unsignedWord(record, offset, GROUP_COUNT)));
                case RELATION_NUMA_NODE -> {
                    int node = record(record, offset, NODE_NUMBER, 4).get(DWORD, NODE_NUMBER);
                    if (node < 0) {
                        throw new TopologyDataException("record at offset " + offset + ": node number "
                                + Integer.toUnsignedString(node) + " out of range");
                    }
                    int count = unsignedWord(record, offset, GROUP_COUNT);
                    // older Windows: a node spanning groups comes as several records with one mask each
                    nodes.computeIfAbsent(node, n -> new BitSet())
                            .or(groupMasks(record, offset, count == 0 ? 1 : count));
                }
                case RELATION_GROUP -> {
                    int active = record(record, offset, ACTIVE_GROUP_COUNT, 2).get(WORD, ACTIVE_GROUP_COUNT) & 0xffff;
                    for (int group = 0; group < active; group++) {
                        long at = GROUP_INFOS + (long) group * GROUP_INFO_SIZE + ACTIVE_PROCESSOR_MASK;
                        setGroupBits(groups, group, record(record, offset, at, 8).get(KAFFINITY, at));
                    }
                }
                default -> { }
            }
            offset += size;
        }
        var online = (BitSet) groups.clone();
        if (online.isEmpty()) {
            // no group record: the processors are those that belong to a core
            cores.forEach(online::or);
        }
        if (online.isEmpty()) {
            throw new TopologyDataException("no group or core record names any processor");
        }
        return new Records(online, cores, packages, nodes);
    }

    private static int unsignedWord(MemorySegment record, long offset, long at) throws TopologyDataException {
        return record(record, offset, at, 2).get(WORD, at) & 0xffff;
    }

    private static BitSet groupMasks(MemorySegment record, long offset, int count) throws TopologyDataException {
        var cpus = new BitSet();
        for (int i = 0; i < count; i++) {
            long at = GROUP_MASKS + (long) i * GROUP_AFFINITY_SIZE;
            record(record, offset, at, GROUP_AFFINITY_SIZE);
            setGroupBits(cpus, record.get(WORD, at + 8) & 0xffff, record.get(KAFFINITY, at));
        }
        return cpus;
    }

    /** The record, after checking that {@code bytes} bytes at {@code at} lie inside it. */
    private static MemorySegment record(MemorySegment record, long offset, long at, long bytes)
            throws TopologyDataException {
        if (at + bytes > record.byteSize()) {
            throw new TopologyDataException("record at offset " + offset + " of size " + record.byteSize() + " is too short for a field at +" + at);
        }
        return record;
    }

    private static void setGroupBits(BitSet cpus, int group, long mask) {
        for (int bit = 0; bit < PROCESSORS_PER_GROUP; bit++) {
            if ((mask & (1L << bit)) != 0) {
                cpus.set(group * PROCESSORS_PER_GROUP + bit);
            }
        }
    }

    /**
     * Each online CPU's index among the groups (cores or packages) containing it, numbered by lowest CPU;
     * a CPU that no group names is a group of its own.
     */
    private static Map<Integer, Integer> groupIndexes(BitSet online, List<BitSet> groups) {
        var leaderOf = new HashMap<Integer, Integer>();
        for (var group : groups) {
            var members = (BitSet) group.clone();
            members.and(online);
            int leader = members.nextSetBit(0);
            members.stream().forEach(cpu -> leaderOf.putIfAbsent(cpu, leader));
        }
        var indexByLeader = new HashMap<Integer, Integer>();
        var indexOf = new HashMap<Integer, Integer>();
        online.stream().forEach(cpu -> indexOf.put(cpu,
                indexByLeader.computeIfAbsent(leaderOf.getOrDefault(cpu, cpu), k -> indexByLeader.size())));
        return indexOf;
    }
}
