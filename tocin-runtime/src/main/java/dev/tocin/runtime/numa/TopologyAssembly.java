package dev.tocin.runtime.numa;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.SortedMap;
import java.util.function.IntUnaryOperator;

/** The rules every topology source shares: what makes node data consistent, and the fallback. */
final class TopologyAssembly {
    private static final System.Logger LOG = System.getLogger(TopologyAssembly.class.getName());

    private TopologyAssembly() {
    }

    /**
     * Requires that the nodes' CPU sets (already restricted to online CPUs) split the online CPUs
     * exactly: no CPU in two nodes, no online CPU in none.
     */
    static void requirePartition(SortedMap<Integer, BitSet> cpusByNode, BitSet online, Object source)
            throws TopologyDataException {
        var owner = new HashMap<Integer, Integer>();
        for (var entry : cpusByNode.entrySet()) {
            var cpus = entry.getValue();
            for (int cpu = cpus.nextSetBit(0); cpu >= 0; cpu = cpus.nextSetBit(cpu + 1)) {
                var previous = owner.putIfAbsent(cpu, entry.getKey());
                if (previous != null) {
                    throw new TopologyDataException("CPU " + cpu + " is claimed by both node " + previous
                            + " and node " + entry.getKey() + " (broken firmware NUMA tables)");
                }
            }
        }
        var orphans = (BitSet) online.clone();
        owner.keySet().forEach(orphans::clear);
        if (!orphans.isEmpty()) {
            throw new TopologyDataException("online CPUs " + list(orphans) + " belong to no NUMA node in "
                    + source);
        }
    }

    /**
     * The topology of {@code online} CPUs with {@code nodes}, or, when {@code nodes} is null, one node 0
     * holding every online CPU with {@code fallbackMemory} bytes and {@code reason} (logged).
     */
    static NumaTopology assemble(BitSet online, List<NumaNode> nodes, String reason, IntUnaryOperator coreOf,
            IntUnaryOperator packageOf, long fallbackMemory, Object source) {
        if (nodes == null) {
            LOG.log(System.Logger.Level.WARNING,
                    "NUMA topology from {0} is unusable: {1}; using one node with all {2} online CPUs",
                    source, reason, online.cardinality());
            nodes = List.of(new NumaNode(0, list(online), fallbackMemory, List.of()));
        }
        var nodeOf = new HashMap<Integer, Integer>();
        nodes.forEach(node -> node.cpus().forEach(cpu -> nodeOf.put(cpu, node.id())));
        var cpus = online.stream()
                .mapToObj(cpu -> new CpuInfo(cpu, coreOf.applyAsInt(cpu), packageOf.applyAsInt(cpu), nodeOf.get(cpu)))
                .toList();
        return new NumaTopology(nodes, cpus, reason);
    }

    static List<Integer> list(BitSet cpus) {
        return cpus.stream().boxed().toList();
    }
}
