package dev.tocin.runtime.numa;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Linux thread affinity through the FFM API: {@code sched_setaffinity}, {@code sched_getaffinity} and
 * {@code getcpu} (or {@code sched_getcpu} on a C library without it) from the default C library.
 * The only class that calls them; every failure is logged and returned, never thrown.
 */
final class LinuxAffinity implements Affinity {
    private static final System.Logger LOG = System.getLogger(LinuxAffinity.class.getName());
    /** glibc's CPU_SETSIZE: 1024 CPUs. Bigger machines need bigger masks; the kernel says EINVAL. */
    private static final int DEFAULT_MASK_BYTES = 128;
    private static final int MAX_MASK_BYTES = 1 << 20;
    private static final int EINVAL = 22;

    static final Affinity SYSTEM = systemAffinity();

    private final MethodHandle setAffinity;
    private final MethodHandle getAffinity;
    private final MethodHandle getCpu;
    private final boolean getCpuTakesPointers;
    private final MemoryLayout captureLayout;
    private final VarHandle errno;

    private LinuxAffinity(Linker linker, SymbolLookup libc) {
        var capture = Linker.Option.captureCallState("errno");
        captureLayout = Linker.Option.captureStateLayout();
        errno = captureLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        // int sched_{set,get}affinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask); pid 0 = calling thread
        var affinityDescriptor = FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
        setAffinity = linker.downcallHandle(find(libc, "sched_setaffinity"), affinityDescriptor, capture);
        getAffinity = linker.downcallHandle(find(libc, "sched_getaffinity"), affinityDescriptor, capture);
        var getcpu = libc.find("getcpu");
        if (getcpu.isPresent()) {
            // int getcpu(unsigned *cpu, unsigned *node)
            getCpu = linker.downcallHandle(getcpu.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS), capture);
            getCpuTakesPointers = true;
        } else {
            // int sched_getcpu(void)
            getCpu = linker.downcallHandle(find(libc, "sched_getcpu"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT), capture);
            getCpuTakesPointers = false;
        }
    }

    private static MemorySegment find(SymbolLookup libc, String name) {
        return libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError("C library has no " + name));
    }

    /** The real affinity on Linux when the C library provides it, {@link Affinity#none()} otherwise. */
    private static Affinity systemAffinity() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Affinity.none();
        }
        return load().orElseGet(Affinity::none);
    }

    static Optional<Affinity> load() {
        try {
            var linker = Linker.nativeLinker();
            return Optional.of(new LinuxAffinity(linker, linker.defaultLookup()));
        } catch (RuntimeException | LinkageError e) {
            // IllegalCallerException: native access not enabled; UnsatisfiedLinkError: symbol missing
            LOG.log(System.Logger.Level.WARNING,
                    "Thread affinity unavailable, threads will not be pinned: " + e, e);
            return Optional.empty();
        }
    }

    @Override
    public boolean pinCurrentThread(BitSet cpus) {
        if (Thread.currentThread().isVirtual()) {
            // the kernel would pin the carrier, which other virtual threads share
            LOG.log(System.Logger.Level.WARNING, "Not pinning virtual thread {0}: only platform threads can be pinned",
                    Thread.currentThread());
            return false;
        }
        if (cpus.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Not pinning {0} to an empty CPU set",
                    Thread.currentThread().getName());
            return false;
        }
        var words = cpus.toLongArray();
        long bytes = Math.max(DEFAULT_MASK_BYTES, (long) words.length * Long.BYTES);
        try (var arena = Arena.ofConfined()) {
            var mask = arena.allocate(bytes, Long.BYTES);
            MemorySegment.copy(words, 0, mask, ValueLayout.JAVA_LONG, 0, words.length);
            var state = arena.allocate(captureLayout);
            int rc = (int) setAffinity.invokeExact(state, 0, bytes, mask);
            if (rc != 0) {
                LOG.log(System.Logger.Level.WARNING, "sched_setaffinity({0}) failed for thread {1}: {2}",
                        cpus, Thread.currentThread().getName(), describe(errnoOf(state)));
                return false;
            }
            return true;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "sched_setaffinity call failed: " + t, t);
            return false;
        }
    }

    @Override
    public BitSet currentThreadAffinity() {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(captureLayout);
            for (long bytes = DEFAULT_MASK_BYTES; bytes <= MAX_MASK_BYTES; bytes *= 2) {
                var mask = arena.allocate(bytes, Long.BYTES);
                int rc = (int) getAffinity.invokeExact(state, 0, bytes, mask);
                if (rc >= 0) {
                    // the raw syscall returns the kernel's mask size; glibc returns 0 and zero-fills the rest
                    return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
                }
                int err = errnoOf(state);
                if (err != EINVAL) {
                    LOG.log(System.Logger.Level.WARNING, "sched_getaffinity failed: {0}", describe(err));
                    return new BitSet();
                }
            }
            LOG.log(System.Logger.Level.WARNING, "sched_getaffinity: no mask up to {0} bytes was accepted",
                    MAX_MASK_BYTES);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "sched_getaffinity call failed: " + t, t);
        }
        return new BitSet();
    }

    @Override
    public int currentCpu() {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(captureLayout);
            int rc;
            int cpu;
            if (getCpuTakesPointers) {
                var out = arena.allocate(ValueLayout.JAVA_INT);
                rc = (int) getCpu.invokeExact(state, out, MemorySegment.NULL);
                cpu = rc == 0 ? out.get(ValueLayout.JAVA_INT, 0) : -1;
            } else {
                rc = (int) getCpu.invokeExact(state);
                cpu = rc;
            }
            if (rc < 0) {
                LOG.log(System.Logger.Level.WARNING, "getcpu failed: {0}", describe(errnoOf(state)));
                return -1;
            }
            return cpu;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "getcpu call failed: " + t, t);
            return -1;
        }
    }

    private int errnoOf(MemorySegment state) {
        return (int) errno.get(state, 0L);
    }

    private static String describe(int errno) {
        var name = switch (errno) {
            case 1 -> "EPERM: not permitted";
            case 3 -> "ESRCH: no such thread";
            case 14 -> "EFAULT: bad mask address";
            case EINVAL -> "EINVAL: no allowed CPU in the mask, or mask too small";
            case 38 -> "ENOSYS: not supported by this kernel";
            default -> "see errno(3)";
        };
        return "errno " + errno + " (" + name + ")";
    }

    @Override
    public String toString() {
        return "Affinity.system() (Linux sched_setaffinity)";
    }
}
