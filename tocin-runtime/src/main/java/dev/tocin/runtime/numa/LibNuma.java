package dev.tocin.runtime.numa;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * libnuma ({@code libnuma.so.1}) through the FFM API: the only class that calls it. Absent library,
 * missing symbols or a kernel without NUMA policy support ({@code numa_available() < 0}) leave
 * {@link #load()} empty with the reason logged.
 */
final class LibNuma {
    private static final System.Logger LOG = System.getLogger(LibNuma.class.getName());
    private static final String LIBRARY = "libnuma.so.1";

    /** Set while {@link #INSTANCE} initialises, hence declared first. */
    private static volatile String unavailableReason;
    private static final Optional<LibNuma> INSTANCE = tryLoad();

    private final MethodHandle allocOnNode;
    private final MethodHandle free;

    private LibNuma(SymbolLookup lib, Linker linker) {
        // void *numa_alloc_onnode(size_t size, int node); void numa_free(void *start, size_t size)
        allocOnNode = linker.downcallHandle(find(lib, "numa_alloc_onnode"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        free = linker.downcallHandle(find(lib, "numa_free"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    static Optional<LibNuma> load() {
        return INSTANCE;
    }

    /** Why {@link #load()} is empty; empty when libnuma is usable. */
    static Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    private static Optional<LibNuma> tryLoad() {
        try {
            var linker = Linker.nativeLinker();
            var lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            // int numa_available(void): -1 when the kernel has no NUMA policy support (or it is blocked)
            var available = linker.downcallHandle(find(lib, "numa_available"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            int rc = (int) available.invokeExact();
            if (rc < 0) {
                return unavailable("numa_available() returned " + rc + ": no NUMA policy support in this kernel");
            }
            return Optional.of(new LibNuma(lib, linker));
        } catch (Throwable t) {
            // IllegalArgumentException: library not found; IllegalCallerException: native access disabled
            return unavailable(LIBRARY + " not usable: " + t);
        }
    }

    private static Optional<LibNuma> unavailable(String reason) {
        unavailableReason = reason;
        LOG.log(System.Logger.Level.DEBUG, "libnuma unavailable, NumaMemory allocates plain memory: {0}", reason);
        return Optional.empty();
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(LIBRARY + " has no " + name));
    }

    /**
     * {@code bytes} bound to {@code node}, freed by {@code numa_free} when {@code arena} closes; empty if
     * libnuma returned NULL.
     */
    Optional<MemorySegment> allocateOnNode(int node, long bytes, Arena arena) {
        MemorySegment raw;
        try {
            raw = (MemorySegment) allocOnNode.invokeExact(bytes, node);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "numa_alloc_onnode failed: " + t, t);
            return Optional.empty();
        }
        if (raw.equals(MemorySegment.NULL)) {
            return Optional.empty();
        }
        return Optional.of(raw.reinterpret(bytes, arena, segment -> free(segment, bytes)));
    }

    private void free(MemorySegment segment, long bytes) {
        try {
            free.invokeExact(segment, bytes);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "numa_free failed, " + bytes + " bytes leaked: " + t, t);
        }
    }
}
