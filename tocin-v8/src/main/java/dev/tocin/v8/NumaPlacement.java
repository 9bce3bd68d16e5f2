package dev.tocin.v8;

import java.util.Set;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a pool's isolates belong: with a NUMA-aware scheduler, one bucket per node that has CPUs,
 * isolates spread over them in proportion to their CPUs (largest remainder); otherwise one bucket.
 * A caller's bucket is the node of the CPU it runs on, so a fiber on a node's worker prefers that
 * node's isolates.
 *
 * @param nodeIds  the NUMA node id of each bucket
 * @param counts   how many isolates each bucket gets
 * @param topology the scheduler's topology, or null without NUMA placement
 */
record NumaPlacement(List<Integer> nodeIds, int[] counts, NumaTopology topology) {
    static NumaPlacement of(LightweightScheduler scheduler, int size) {
        if (scheduler == null || !scheduler.getStats().numaAware()) {
            return new NumaPlacement(List.of(0), new int[]{size}, null);
        }
        var topology = scheduler.topology();
        var nodes = topology.nodes().stream().filter(n -> !n.cpus().isEmpty()).toList();
        if (nodes.size() < 2) {
            return new NumaPlacement(List.of(nodes.isEmpty() ? 0 : nodes.getFirst().id()), new int[]{size}, null);
        }
        return new NumaPlacement(nodes.stream().map(NumaNode::id).toList(), proportional(nodes, size), topology);
    }

    private static int[] proportional(List<NumaNode> nodes, int size) {
        int cpus = nodes.stream().mapToInt(n -> n.cpus().size()).sum();
        var counts = new int[nodes.size()];
        var remainders = new double[nodes.size()];
        int given = 0;
        for (int i = 0; i < counts.length; i++) {
            double share = (double) size * nodes.get(i).cpus().size() / cpus;
            counts[i] = (int) share;
            remainders[i] = share - counts[i];
            given += counts[i];
        }
        for (; given < size; given++) {
            int best = 0;
            for (int i = 1; i < counts.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
        }
        return counts;
    }

    /** The bucket of each isolate, in creation order. */
    int[] bucketsOfIsolates() {
        var buckets = new ArrayList<Integer>();
        for (int b = 0; b < counts.length; b++) {
            for (int i = 0; i < counts[b]; i++) {
                buckets.add(b);
            }
        }
        return buckets.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The CPUs of bucket {@code bucket}'s node, which its isolates' loop threads are pinned to; empty without NUMA placement. */
    Set<Integer> cpusOf(int bucket) {
        if (topology == null) {
            return Set.of();
        }
        return topology.node(nodeIds.get(bucket)).map(n -> Set.copyOf(n.cpus())).orElse(Set.of());
    }

    int buckets() {
        return counts.length;
    }

    /** The bucket of the node the calling thread runs on, or -1 when unknown or without NUMA placement. */
    int callerBucket() {
        if (topology == null) {
            return -1;
        }
        int cpu = Affinity.system().currentCpu();
        if (cpu < 0) {
            return -1;
        }
        var node = topology.nodeOfCpu(cpu);
        return node.isPresent() ? nodeIds.indexOf(node.getAsInt()) : -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumaPlacement p && nodeIds.equals(p.nodeIds) && Arrays.equals(counts, p.counts);
    }

    @Override
    public int hashCode() {
        return 31 * nodeIds.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "NumaPlacement[nodes=" + nodeIds + ", isolates=" + Arrays.toString(counts) + "]";
    }
}
