package dev.tocin.runtime.numa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class NumaMemoryTest {
    private static final long PAGE = 4096;

    @Test
    void allocatesUsableMemoryOnAnExistingNodeAndWiresItsBindingToNodeBindingAvailable() throws Throwable {
        int node = NumaTopology.detect().nodes().getFirst().id();
        long bytes = 64 * PAGE;
        try (var arena = Arena.ofConfined()) {
            var allocation = NumaMemory.allocate(node, bytes, arena);
            assertThat(allocation.node()).isEqualTo(node);
            assertThat(allocation.segment().byteSize()).isEqualTo(bytes);
            for (long at = 0; at < bytes; at += PAGE) {
                assertThat(allocation.segment().get(ValueLayout.JAVA_LONG, at)).as("zero-filled").isZero();
                allocation.segment().set(ValueLayout.JAVA_LONG, at, at);
            }
            assertThat(allocation.segment().get(ValueLayout.JAVA_LONG, bytes - PAGE)).isEqualTo(bytes - PAGE);
            assertThat(allocation.nodeBound()).isEqualTo(NumaMemory.nodeBindingAvailable());
            if (allocation.nodeBound()) {
                assertThat(allocation.detail()).isEqualTo("numa_alloc_onnode");
                assertThat(pageNodes(allocation.segment(), bytes)).as("node of every touched page").containsOnly(node);
            } else {
                assertThat(allocation.detail()).contains("not bound to node " + node);
            }
        }
    }

    @Test
    void closingTheArenaReleasesTheSegment() {
        MemorySegment segment;
        try (var arena = Arena.ofConfined()) {
            segment = NumaMemory.allocate(0, PAGE, arena).segment();
            segment.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        assertThat(segment.scope().isAlive()).isFalse();
        assertThatThrownBy(() -> segment.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void automaticArenaVariantWorks() {
        var allocation = NumaMemory.allocate(0, 100);
        allocation.segment().set(ValueLayout.JAVA_BYTE, 99, (byte) 7);
        assertThat(allocation.segment().get(ValueLayout.JAVA_BYTE, 99)).isEqualTo((byte) 7);
    }

    @Test
    void unknownNodesAndNonPositiveSizesAreRejectedWithTheValidChoices() {
        var ids = NumaTopology.detect().nodes().stream().map(NumaNode::id).toList();
        assertThatThrownBy(() -> NumaMemory.allocate(4096, PAGE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no NUMA node 4096").hasMessageContaining(ids.toString());
        assertThatThrownBy(() -> NumaMemory.allocate(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes must be positive");
    }

    /** The node of each page, asked from the kernel with move_pages(2) and no target nodes. */
    private static int[] pageNodes(MemorySegment segment, long bytes) throws Throwable {
        var linker = Linker.nativeLinker();
        var lib = SymbolLookup.libraryLookup("libnuma.so.1", Arena.global());
        // int numa_move_pages(int pid, unsigned long count, void **pages, const int *nodes, int *status, int flags)
        var movePages = linker.downcallHandle(lib.find("numa_move_pages").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        int count = (int) (bytes / PAGE);
        try (var arena = Arena.ofConfined()) {
            var pages = arena.allocate(ValueLayout.ADDRESS, count);
            for (int i = 0; i < count; i++) {
                pages.setAtIndex(ValueLayout.ADDRESS, i, segment.asSlice(i * PAGE));
            }
            var status = arena.allocate(ValueLayout.JAVA_INT, count);
            int rc = (int) movePages.invokeExact(0, (long) count, pages, MemorySegment.NULL, status, 0);
            assertThat(rc).as("numa_move_pages").isZero();
            return status.toArray(ValueLayout.JAVA_INT);
        }
    }
}
