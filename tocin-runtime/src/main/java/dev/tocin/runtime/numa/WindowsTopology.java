package dev.tocin.runtime.numa;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;

/**
 * Calls {@code GetLogicalProcessorInformationEx(RelationAll, ...)} from kernel32 through the FFM API and
 * hands the buffer to {@link WindowsTopologyParser}. The only Windows native call; any failure means one
 * node with {@link Runtime#availableProcessors()} CPUs and the reason.
 */
final class WindowsTopology {
    private static final System.Logger LOG = System.getLogger(WindowsTopology.class.getName());
    private static final int RELATION_ALL = 0xffff;
    private static final int ERROR_INSUFFICIENT_BUFFER = 122;
    private static final int MAX_ATTEMPTS = 8;

    private WindowsTopology() {
    }

    static NumaTopology detect() {
        String why;
        try (var arena = Arena.ofConfined()) {
            var linker = Linker.nativeLinker();
            var kernel32 = SymbolLookup.libraryLookup("kernel32", arena);
            var captureLastError = Linker.Option.captureCallState("GetLastError");
            // BOOL GetLogicalProcessorInformationEx(LOGICAL_PROCESSOR_RELATIONSHIP, PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, PDWORD)
            var call = linker.downcallHandle(
                    kernel32.find("GetLogicalProcessorInformationEx").orElseThrow(
                            () -> new UnsatisfiedLinkError("kernel32 has no GetLogicalProcessorInformationEx")),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS),
                    captureLastError);
            var stateLayout = Linker.Option.captureStateLayout();
            var lastError = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("GetLastError"));
            var state = arena.allocate(stateLayout);
            var length = arena.allocate(ValueLayout.JAVA_INT);
            var buffer = MemorySegment.NULL;
            // the size can grow between the sizing call and the real one (processors hot-added): retry
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                int ok = (int) call.invokeExact(state, RELATION_ALL, buffer, length);
                int bytes = length.get(ValueLayout.JAVA_INT, 0);
                if (ok != 0) {
                    return WindowsTopologyParser.parse(buffer.asSlice(0, bytes));
                }
                int error = (int) lastError.get(state, 0L);
                if (error != ERROR_INSUFFICIENT_BUFFER) {
                    why = "GetLogicalProcessorInformationEx failed with error " + error;
                    return fallback(why);
                }
                buffer = arena.allocate(bytes, 8);
            }
            why = "GetLogicalProcessorInformationEx kept asking for a bigger buffer";
        } catch (Throwable t) {
            why = "GetLogicalProcessorInformationEx unavailable: " + t;
        }
        return fallback(why);
    }

    private static NumaTopology fallback(String why) {
        LOG.log(System.Logger.Level.WARNING, "NUMA topology: {0}; assuming one node", why);
        return NumaTopology.singleNode(Runtime.getRuntime().availableProcessors(), why);
    }
}
