package dev.tocin.runtime.numa;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Off-heap memory placed on a chosen NUMA node.
 *
 * <p>Where libnuma ({@code libnuma.so.1}) is installed and the kernel supports NUMA policies, the
 * segment comes from {@code numa_alloc_onnode}: its pages are bound to the node whichever thread
 * touches them first, and {@code numa_free} releases them when the arena closes. Elsewhere the segment
 * is plain arena memory, whose pages land on the node of the thread that first writes them (Linux
 * first-touch), and the {@link Allocation} says so. Java heap placement is the JVM's business:
 * {@code -XX:+UseNUMA}.
 */
public final class NumaMemory {
    private static final int PLAIN_ALIGNMENT = 64;

    private NumaMemory() {
    }

    /**
     * A segment of {@code bytes} for node {@code node}.
     *
     * @param segment the memory, zero-filled, valid until the arena closes
     * @param node the node asked for
     * @param nodeBound whether the pages are bound to that node (libnuma); if false they follow first touch
     * @param detail how it was allocated, or why it could not be bound
     */
    public record Allocation(MemorySegment segment, int node, boolean nodeBound, String detail) {
    }

    /** Whether allocations can be bound to a node here (libnuma present and the kernel agrees). */
    public static boolean nodeBindingAvailable() {
        return LibNuma.load().isPresent();
    }

    /** {@link #allocate(int, long, Arena)} with an automatic arena: freed once the segment is unreachable. */
    public static Allocation allocate(int node, long bytes) {
        return allocate(node, bytes, Arena.ofAuto());
    }

    /**
     * Allocates {@code bytes} on {@code node}, released when {@code arena} closes.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive or {@code node} is not a node of
     *     {@link NumaTopology#detect()} (the message lists the valid nodes)
     */
    public static Allocation allocate(int node, long bytes, Arena arena) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive, got " + bytes);
        }
        var topology = Machine.TOPOLOGY;
        if (topology.node(node).isEmpty()) {
            throw new IllegalArgumentException("no NUMA node " + node + "; nodes of this machine: "
                    + topology.nodes().stream().map(NumaNode::id).toList());
        }
        var libnuma = LibNuma.load();
        if (libnuma.isEmpty()) {
            return plain(node, bytes, arena, LibNuma.unavailableReason().orElse("libnuma unavailable"));
        }
        return libnuma.get().allocateOnNode(node, bytes, arena)
                .map(segment -> new Allocation(segment, node, true, "numa_alloc_onnode"))
                .orElseGet(() -> plain(node, bytes, arena, "numa_alloc_onnode(" + bytes + ", " + node
                        + ") returned NULL"));
    }

    private static Allocation plain(int node, long bytes, Arena arena, String why) {
        return new Allocation(arena.allocate(bytes, PLAIN_ALIGNMENT), node, false,
                "not bound to node " + node + " (" + why + "); pages follow first touch");
    }

    /** Detected once: node ids do not change while the process runs. */
    private static final class Machine {
        static final NumaTopology TOPOLOGY = NumaTopology.detect();
    }
}
