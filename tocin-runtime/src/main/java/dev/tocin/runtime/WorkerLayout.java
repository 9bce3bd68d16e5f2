package dev.tocin.runtime;

import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** How workers are grouped into placement nodes: one group, or one per NUMA node with CPUs. */
final class WorkerLayout {
    private WorkerLayout() {
    }

    /** The placement nodes; with awareness each knows the others nearest first. */
    static PlacementNode[] nodes(LightweightScheduler scheduler, NumaTopology topology, boolean numaAware) {
        if (!numaAware) {
            var all = new BitSet();
            topology.cpus().forEach(c -> all.set(c.id()));
            return new PlacementNode[] {new PlacementNode(scheduler, 0, 0, all)};
        }
        List<NumaNode> cpuNodes = cpuNodes(topology);
        var built = new PlacementNode[cpuNodes.size()];
        for (int i = 0; i < built.length; i++) {
            built[i] = new PlacementNode(scheduler, cpuNodes.get(i).id(), i, toBitSet(cpuNodes.get(i).cpus()));
        }
        for (var from : built) {
            from.byDistance = Arrays.stream(built).filter(to -> to != from)
                    .sorted(Comparator.<PlacementNode>comparingInt(to -> topology.distance(from.id, to.id).orElse(Integer.MAX_VALUE))
                            .thenComparingInt(to -> to.id))
                    .toArray(PlacementNode[]::new);
        }
        return built;
    }

    interface WorkerFactory {
        Worker create(int index, PlacementNode node);
    }

    /**
     * The workers, spread over {@code built} in proportion to CPUs (with awareness) and moved to the
     * node of a {@code setWorkerAffinity} made before start; each added to its node.
     */
    static Worker[] workers(PlacementNode[] built, int workerCount, boolean numaAware, NumaTopology topology,
            WorkerPinning pinning, WorkerFactory factory) {
        int[] perNode = numaAware ? proportionalShares(workerCount, cpuNodes(topology)) : new int[] {workerCount};
        var created = new Worker[workerCount];
        int next = 0;
        for (int i = 0; i < built.length; i++) {
            for (int k = 0; k < perNode[i]; k++, next++) {
                created[next] = factory.create(next, built[i]);
            }
        }
        for (var w : created) {
            var requested = pinning.requested(w.index);
            if (requested != null && numaAware) {
                w.moveTo(nodeById(built, requested.node()));
            }
            w.node.add(w);
        }
        return created;
    }

    static List<NumaNode> cpuNodes(NumaTopology topology) {
        return topology.nodes().stream().filter(n -> !n.cpus().isEmpty()).toList();
    }

    /** Largest-remainder split of {@code total} workers in proportion to each node's CPUs. */
    static int[] proportionalShares(int total, List<NumaNode> cpuNodes) {
        int cpus = cpuNodes.stream().mapToInt(n -> n.cpus().size()).sum();
        int[] shares = new int[cpuNodes.size()];
        double[] remainders = new double[shares.length];
        int given = 0;
        for (int i = 0; i < shares.length; i++) {
            double exact = (double) total * cpuNodes.get(i).cpus().size() / cpus;
            shares[i] = (int) exact;
            remainders[i] = exact - shares[i];
            given += shares[i];
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < shares.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1;
            given++;
        }
        return shares;
    }

    static PlacementNode nodeById(PlacementNode[] in, int id) {
        for (var n : in) {
            if (n.id == id) {
                return n;
            }
        }
        throw new IllegalArgumentException("NUMA node " + id + " has no workers; nodes with workers: "
                + Arrays.stream(in).map(n -> String.valueOf(n.id)).collect(Collectors.joining(", ")));
    }

    private static BitSet toBitSet(List<Integer> cpus) {
        var set = new BitSet();
        cpus.forEach(set::set);
        return set;
    }
}
