package dev.tocin.runtime;

import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which CPUs the workers are pinned to: their node's CPUs with NUMA awareness, or the CPU asked for
 * with {@link LightweightScheduler#setWorkerAffinity}. Every pin is applied by the worker itself,
 * when it starts or at its next scheduling point.
 */
final class WorkerPinning {
    private final NumaTopology topology;
    private final int workerCount;
    private final Map<Integer, Worker.Placement> requested = new ConcurrentHashMap<>();
    private volatile Affinity affinity; // resolved on first pin: linking the native calls is not free

    WorkerPinning(NumaTopology topology, int workerCount, Affinity affinity) {
        this.topology = topology;
        this.workerCount = workerCount;
        this.affinity = affinity;
    }

    /** Validates and records a request; the message of a refusal lists the valid choices. */
    Worker.Placement request(int worker, int cpu, int node) {
        if (worker < 0 || worker >= workerCount) {
            throw new IllegalArgumentException("unknown worker " + worker + "; valid workers are 0.." + (workerCount - 1));
        }
        var numaNode = topology.node(node).filter(n -> !n.cpus().isEmpty()).orElseThrow(() -> new IllegalArgumentException(
                "unknown NUMA node " + node + "; nodes with CPUs: " + cpuNodeIds()));
        if (topology.nodeOfCpu(cpu).isEmpty()) {
            throw new IllegalArgumentException("CPU " + cpu + " is not an online CPU; online CPUs: "
                    + topology.cpus().stream().map(c -> String.valueOf(c.id())).collect(Collectors.joining(", ")));
        }
        if (!numaNode.cpus().contains(cpu)) {
            throw new IllegalArgumentException("CPU " + cpu + " is not in NUMA node " + node + "; node " + node
                    + " has CPUs " + numaNode.cpus() + " and CPU " + cpu + " is in node " + topology.nodeOfCpu(cpu).getAsInt());
        }
        var placement = new Worker.Placement(cpu, node);
        requested.put(worker, placement);
        return placement;
    }

    /**
     * {@code node} if it has CPUs and, when {@code placed} (the NUMA-aware placement nodes, empty
     * otherwise or before start) is not empty, workers.
     */
    int checkNode(int node, PlacementNode[] placed) {
        if (topology.node(node).filter(n -> !n.cpus().isEmpty()).isEmpty()) {
            throw new IllegalArgumentException("unknown NUMA node " + node + "; nodes with CPUs: " + cpuNodeIds());
        }
        if (placed.length > 0) {
            WorkerLayout.nodeById(placed, node); // throws if no worker was placed there
        }
        return node;
    }

    Worker.Placement requested(int worker) {
        return requested.get(worker);
    }

    List<Integer> cpuNodeIds() {
        return topology.nodes().stream().filter(n -> !n.cpus().isEmpty()).map(NumaNode::id).toList();
    }

    /** On the worker's own thread as it starts. */
    void pinStartingWorker(Worker w, boolean numaAware) {
        var placement = requested.get(w.index);
        if (placement != null && !w.spare) {
            pinCurrentThread(placement.cpu());
        } else if (numaAware) {
            affinity().pinCurrentThread((BitSet) w.node.cpus.clone());
        }
    }

    void pinCurrentThread(int cpu) {
        var cpus = new BitSet();
        cpus.set(cpu);
        affinity().pinCurrentThread(cpus);
    }

    private Affinity affinity() {
        var a = affinity;
        if (a == null) {
            a = Affinity.system();
            affinity = a;
        }
        return a;
    }
}
