package dev.tocin.runtime.numa;

import java.util.List;

/**
 * One NUMA node: a memory controller and the CPUs closest to it.
 *
 * @param id the operating system's node id (ids may be sparse: 0, 1, 4, 5, ...)
 * @param cpus the online CPUs of this node, ascending; empty for a memory-only node
 * @param memoryBytes the node's total memory, 0 when unknown
 * @param distances this node's row of the distance matrix, in the order of {@link NumaTopology#nodes()}
 *     (10 means local, larger is farther, as in the ACPI SLIT); empty when the distances are unknown
 */
public record NumaNode(int id, List<Integer> cpus, long memoryBytes, List<Integer> distances) {
    public NumaNode {
        cpus = List.copyOf(cpus);
        distances = List.copyOf(distances);
        if (id < 0) {
            throw new IllegalArgumentException("node id must be >= 0, got " + id);
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must be >= 0, got " + memoryBytes);
        }
    }
}
