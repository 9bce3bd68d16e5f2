package dev.tocin.runtime.numa;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The machine's NUMA layout: nodes with their CPUs, memory and distances, and each online CPU's core
 * and package.
 *
 * <p>Immutable. {@link #detect()} never throws: where the operating system's data is missing or
 * inconsistent, the result is one node holding every online CPU and {@link #fallbackReason()} says why.
 */
public final class NumaTopology {
    private final List<NumaNode> nodes;
    private final List<CpuInfo> cpus;
    private final int cores;
    private final int packages;
    private final String fallbackReason;
    private final Map<Integer, Integer> nodeIndexById = new HashMap<>();
    private final Map<Integer, Integer> nodeByCpu = new HashMap<>();

    NumaTopology(List<NumaNode> nodes, List<CpuInfo> cpus, String fallbackReason) {
        this.nodes = List.copyOf(nodes);
        this.cpus = List.copyOf(cpus);
        this.fallbackReason = fallbackReason;
        validate();
        this.cores = (int) this.cpus.stream().mapToInt(CpuInfo::core).distinct().count();
        this.packages = (int) this.cpus.stream().mapToInt(CpuInfo::packageId).distinct().count();
    }

    /**
     * A topology built by hand, e.g. to run a scheduler on a simulated machine.
     *
     * @throws IllegalArgumentException if the parts contradict each other (a CPU in two nodes, a CPU
     *     whose node does not list it, nodes not sorted by id, a distance row of the wrong length)
     */
    public static NumaTopology of(List<NumaNode> nodes, List<CpuInfo> cpus) {
        return new NumaTopology(nodes, cpus, null);
    }

    /**
     * This machine's topology: Linux sysfs under {@code /}, {@code GetLogicalProcessorInformationEx} on
     * Windows, and one node with {@link Runtime#availableProcessors()} CPUs elsewhere.
     */
    public static NumaTopology detect() {
        var os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return read(Path.of("/"));
        }
        if (os.startsWith("windows")) {
            return WindowsTopology.detect();
        }
        return singleNode(Runtime.getRuntime().availableProcessors(),
                "no topology source on " + System.getProperty("os.name") + "; assuming one node");
    }

    /**
     * Reads a Linux topology from {@code root/sys/devices/system/{node,cpu}}; {@code root} is {@code /}
     * on a real machine, or a copied snapshot in tests.
     */
    public static NumaTopology read(Path root) {
        return SysfsTopologyReader.read(root);
    }

    /** One node (id 0) with CPUs {@code 0..cpus-1}, each its own core, all in one package. */
    public static NumaTopology singleNode(int cpus) {
        return singleNode(cpus, null);
    }

    static NumaTopology singleNode(int cpus, String fallbackReason) {
        if (cpus < 1) {
            throw new IllegalArgumentException("a machine has at least one CPU, got " + cpus);
        }
        var ids = IntStream.range(0, cpus).boxed().toList();
        var infos = ids.stream().map(id -> new CpuInfo(id, id, 0, 0)).toList();
        return new NumaTopology(List.of(new NumaNode(0, ids, 0, List.of())), infos, fallbackReason);
    }

    /** The nodes, sorted by id; memory-only nodes included. */
    public List<NumaNode> nodes() {
        return nodes;
    }

    /** The online CPUs, sorted by id. */
    public List<CpuInfo> cpus() {
        return cpus;
    }

    /** Number of online logical CPUs (processing units, hardware threads). */
    public int pus() {
        return cpus.size();
    }

    /** Number of physical cores among the online CPUs. */
    public int cores() {
        return cores;
    }

    /** Number of packages (sockets) among the online CPUs. */
    public int packages() {
        return packages;
    }

    /**
     * The number of physical cores, at least 1: a good worker count for CPU-bound work, since SMT
     * siblings share a core's execution units.
     */
    public int physicalCores() {
        return Math.max(1, cores);
    }

    /** Why the real topology could not be used and one node was assumed; empty if it was used. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /** The distance between two nodes (10 = local), empty when a node is unknown or distances are. */
    public OptionalInt distance(int fromNodeId, int toNodeId) {
        var from = nodeIndexById.get(fromNodeId);
        var to = nodeIndexById.get(toNodeId);
        if (from == null || to == null) {
            return OptionalInt.empty();
        }
        var row = nodes.get(from).distances();
        return row.isEmpty() ? OptionalInt.empty() : OptionalInt.of(row.get(to));
    }

    /** The node with this id. */
    public Optional<NumaNode> node(int id) {
        var index = nodeIndexById.get(id);
        return index == null ? Optional.empty() : Optional.of(nodes.get(index));
    }

    /** The id of the node that an online CPU belongs to; empty for an offline or unknown CPU. */
    public OptionalInt nodeOfCpu(int cpu) {
        var node = nodeByCpu.get(cpu);
        return node == null ? OptionalInt.empty() : OptionalInt.of(node);
    }

    private void validate() {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a topology has at least one node");
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("a topology has at least one CPU");
        }
        for (int i = 0; i < nodes.size(); i++) {
            var node = nodes.get(i);
            if (i > 0 && nodes.get(i - 1).id() >= node.id()) {
                throw new IllegalArgumentException("nodes must be sorted by id without duplicates: "
                        + nodes.get(i - 1).id() + " before " + node.id());
            }
            nodeIndexById.put(node.id(), i);
            if (!node.distances().isEmpty() && node.distances().size() != nodes.size()) {
                throw new IllegalArgumentException("node " + node.id() + " has " + node.distances().size()
                        + " distances for " + nodes.size() + " nodes");
            }
            for (int cpu : node.cpus()) {
                var previous = nodeByCpu.put(cpu, node.id());
                if (previous != null) {
                    throw new IllegalArgumentException("CPU " + cpu + " is in node " + previous
                            + " and node " + node.id());
                }
            }
        }
        var unlisted = new ArrayList<Integer>();
        for (int i = 0; i < cpus.size(); i++) {
            var cpu = cpus.get(i);
            if (i > 0 && cpus.get(i - 1).id() >= cpu.id()) {
                throw new IllegalArgumentException("CPUs must be sorted by id without duplicates: "
                        + cpus.get(i - 1).id() + " before " + cpu.id());
            }
            if (!Integer.valueOf(cpu.node()).equals(nodeByCpu.get(cpu.id()))) {
                unlisted.add(cpu.id());
            }
        }
        if (!unlisted.isEmpty() || nodeByCpu.size() != cpus.size()) {
            throw new IllegalArgumentException("CPUs and node CPU lists disagree; CPUs not listed by their node: "
                    + unlisted + ", CPUs listed by nodes: " + nodeByCpu.size() + ", CPUs: " + cpus.size());
        }
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("NumaTopology[pus=").append(pus()).append(", cores=").append(cores)
                .append(", packages=").append(packages);
        for (var node : nodes) {
            sb.append(", node ").append(node.id()).append(' ').append(node.cpus());
        }
        if (fallbackReason != null) {
            sb.append(", fallback: ").append(fallbackReason);
        }
        return sb.append(']').toString();
    }
}
