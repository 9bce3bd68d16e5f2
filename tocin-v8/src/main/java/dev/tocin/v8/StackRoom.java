package dev.tocin.v8;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * How much native stack the calling OS thread has left: the one place with the platform access
 * that decides whether a caller may run JavaScript on its own stack (see docs/v8.md, "Which
 * threads run JavaScript").
 *
 * <p>V8 fixes a thread's stack limit when the thread first enters an isolate, {@code --stack-size}
 * below the stack position of that entry. On a thread whose stack ends before that limit, deep
 * recursion or re-entry crashes the JVM instead of throwing a RangeError. So a caller runs JS
 * itself only when its stack, below the current position, holds V8's share plus a reserve.
 *
 * <p>Linux x86-64 with glibc only: {@code pthread_getattr_np}/{@code pthread_attr_getstack} give
 * the stack's bounds, {@code getcontext} the stack pointer. Anywhere else (or when a downcall
 * fails) {@link #room()} is -1 and every caller hands its call to the loop thread, as before.
 * A virtual thread runs JS on its carrier's stack: {@link #osThread()} names the carrier
 * ({@code Thread.currentCarrierThread}, opened by {@code --add-opens java.base/java.lang}).
 */
final class StackRoom {
    private static final System.Logger LOG = System.getLogger(StackRoom.class.getName());
    /** {@code offsetof(ucontext_t, uc_mcontext.gregs[REG_RSP])} on x86-64 glibc. */
    private static final long RSP_OFFSET = 40 + 15 * 8;
    private static final long UCONTEXT_BYTES = 1024; // sizeof(ucontext_t) is 968 on x86-64 glibc
    private static final long ATTR_BYTES = 128;      // sizeof(pthread_attr_t) is 56

    private static final MethodHandle SELF;
    private static final MethodHandle GETATTR;
    private static final MethodHandle GETSTACK;
    private static final MethodHandle DESTROY;
    private static final MethodHandle GETCONTEXT;
    private static final MethodHandle CARRIER;

    static {
        MethodHandle self = null, getattr = null, getstack = null, destroy = null, getcontext = null, carrier = null;
        try {
            if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                    && System.getProperty("os.arch", "").matches("amd64|x86_64")) {
                var linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                var addr = ValueLayout.ADDRESS;
                var jlong = ValueLayout.JAVA_LONG;
                var jint = ValueLayout.JAVA_INT;
                self = linker.downcallHandle(libc.findOrThrow("pthread_self"), FunctionDescriptor.of(jlong));
                getattr = linker.downcallHandle(libc.findOrThrow("pthread_getattr_np"), FunctionDescriptor.of(jint, jlong, addr));
                getstack = linker.downcallHandle(libc.findOrThrow("pthread_attr_getstack"), FunctionDescriptor.of(jint, addr, addr, addr));
                destroy = linker.downcallHandle(libc.findOrThrow("pthread_attr_destroy"), FunctionDescriptor.of(jint, addr));
                getcontext = linker.downcallHandle(libc.findOrThrow("getcontext"), FunctionDescriptor.of(jint, addr));
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.DEBUG, "no stack bounds on this platform; calls hop to the loop thread", t);
            self = null;
        }
        try {
            carrier = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.DEBUG, "Thread.currentCarrierThread is not open; virtual threads hop to the loop thread", t);
        }
        SELF = self;
        GETATTR = getattr;
        GETSTACK = getstack;
        DESTROY = destroy;
        GETCONTEXT = getcontext;
        CARRIER = carrier;
    }

    private StackRoom() {
    }

    /** The OS thread the caller runs on (a virtual thread's carrier), or null when that cannot be told. */
    static Thread osThread() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            return t;
        }
        if (CARRIER == null) {
            return null;
        }
        try {
            return (Thread) CARRIER.invokeExact();
        } catch (Throwable e) {
            return null;
        }
    }

    /** A buffer for {@link #stackPointer}: getcontext's ucontext_t, or null where StackRoom cannot read the stack. */
    static MemorySegment contextBuffer() {
        return SELF == null ? null : Arena.ofAuto().allocate(UCONTEXT_BYTES, 16);
    }

    /**
     * The calling OS thread's stack pointer (a virtual thread's: its carrier's), read with getcontext
     * into {@code ctx} (from {@link #contextBuffer}; one thread at a time), or -1 when unknown.
     * One downcall, no allocation: the re-entry check runs it on every nested call.
     */
    static long stackPointer(MemorySegment ctx) {
        if (ctx == null) {
            return -1;
        }
        try {
            return (int) GETCONTEXT.invokeExact(ctx) == 0 ? ctx.get(ValueLayout.JAVA_LONG, RSP_OFFSET) : -1;
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Where the calling OS thread's stack pointer is and how much stack lies below it. */
    record Position(long sp, long room) {
    }

    /**
     * The current stack pointer and the bytes between it and the lowest address of this OS thread's
     * stack (the JVM's guard zones included: the caller's reserve covers them), or null when unknown.
     */
    static Position position() {
        if (SELF == null) {
            return null;
        }
        try (var arena = Arena.ofConfined()) {
            MemorySegment ctx = arena.allocate(UCONTEXT_BYTES, 16);
            MemorySegment attr = arena.allocate(ATTR_BYTES, 16);
            MemorySegment low = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
            if ((int) GETCONTEXT.invokeExact(ctx) != 0) {
                return null;
            }
            long sp = ctx.get(ValueLayout.JAVA_LONG, RSP_OFFSET);
            if ((int) GETATTR.invokeExact((long) SELF.invokeExact(), attr) != 0) {
                return null;
            }
            try {
                if ((int) GETSTACK.invokeExact(attr, low, size) != 0) {
                    return null;
                }
            } finally {
                int ignored = (int) DESTROY.invokeExact(attr);
            }
            long bottom = low.get(ValueLayout.ADDRESS, 0).address();
            long top = bottom + size.get(ValueLayout.JAVA_LONG, 0);
            return sp > bottom && sp <= top ? new Position(sp, sp - bottom) : null;
        } catch (Throwable t) {
            return null;
        }
    }

    /** {@link Position#room()} of {@link #position()}, or -1 when unknown. */
    static long room() {
        var here = position();
        return here == null ? -1 : here.room();
    }
}
