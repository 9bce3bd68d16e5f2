package dev.tocin.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one place that reaches into JDK internals: virtual threads with our own scheduler
 * ({@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}) and resetting a thread's
 * thread-locals between the tasks a runner runs. Both need {@code --add-opens
 * java.base/java.lang=ALL-UNNAMED}; without it {@link #available()} is false and the scheduler
 * runs tasks to completion on its workers.
 */
final class VirtualThreads {
    private static final System.Logger LOG = System.getLogger(VirtualThreads.class.getName());
    private static final MethodHandle NEW_BUILDER;
    private static final VarHandle THREAD_LOCALS;
    private static final VarHandle INHERITABLE_THREAD_LOCALS;
    private static final VarHandle SCHEDULER;
    private static final Executor JDK_SCHEDULER;
    private static final String UNAVAILABLE_REASON;
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    static {
        MethodHandle builder = null;
        VarHandle locals = null;
        VarHandle inheritable = null;
        VarHandle scheduler = null;
        Executor jdkScheduler = null;
        String reason = null;
        try {
            var type = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            var lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            builder = lookup.findConstructor(type, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            var threadLookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            var mapType = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
            locals = threadLookup.findVarHandle(Thread.class, "threadLocals", mapType);
            inheritable = threadLookup.findVarHandle(Thread.class, "inheritableThreadLocals", mapType);
            var virtualThread = Class.forName("java.lang.VirtualThread");
            var virtualThreadLookup = MethodHandles.privateLookupIn(virtualThread, MethodHandles.lookup());
            scheduler = virtualThreadLookup.findVarHandle(virtualThread, "scheduler", Executor.class);
            jdkScheduler = (Executor) virtualThreadLookup
                    .findStatic(virtualThread, "defaultScheduler", MethodType.methodType(Executor.class)).invoke();
        } catch (Throwable e) {
            builder = null;
            reason = "JDK internals for custom virtual-thread schedulers are not accessible (" + e
                    + "); start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED to run fibers as virtual threads";
        }
        NEW_BUILDER = builder;
        THREAD_LOCALS = locals;
        INHERITABLE_THREAD_LOCALS = inheritable;
        SCHEDULER = scheduler;
        JDK_SCHEDULER = jdkScheduler;
        UNAVAILABLE_REASON = reason;
    }

    private VirtualThreads() {
    }

    static boolean available() {
        return NEW_BUILDER != null;
    }

    /** Why fibers fall back to run-to-completion tasks; null when virtual threads are available. */
    static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /** Why a new scheduler runs tasks to completion (logged once per process), or null if it runs fibers. */
    static String fallbackReason(boolean runToCompletionRequested) {
        if (runToCompletionRequested) {
            return "run-to-completion mode was requested";
        }
        if (!available()) {
            reportFallbackOnce(UNAVAILABLE_REASON);
        }
        return UNAVAILABLE_REASON;
    }

    /** Logs the fallback once per process. */
    static void reportFallbackOnce(String reason) {
        if (FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "Tocin fibers run to completion on worker threads "
                    + "(a fiber that blocks holds its worker): {0}", reason);
        }
    }

    /** An unstarted virtual thread whose continuation is handed to {@code scheduler} each time it can run. */
    static Thread unstarted(Executor scheduler, String name, Runnable body) {
        try {
            var builder = (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(scheduler);
            return builder.name(name).unstarted(body);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a virtual thread with a custom scheduler", e);
        }
    }

    /** The scheduler a virtual thread was built with (null when internals are closed). */
    static Executor schedulerOf(Thread virtualThread) {
        return SCHEDULER == null ? null : (Executor) SCHEDULER.get(virtualThread);
    }

    /**
     * The JDK's own virtual-thread scheduler. Virtual threads that a fiber starts inherit the
     * fiber's runner as their scheduler (the JDK gives a child its parent's scheduler); the runner
     * hands their continuations here, so they run exactly as they would outside a fiber.
     */
    static Executor jdkScheduler() {
        return JDK_SCHEDULER;
    }

    /** Gives the calling thread empty thread-locals (the values set by the previous task are dropped). */
    static void clearThreadLocals(Thread thread) {
        if (THREAD_LOCALS.get(thread) != null) {
            THREAD_LOCALS.set(thread, null);
        }
        if (INHERITABLE_THREAD_LOCALS.get(thread) != null) {
            INHERITABLE_THREAD_LOCALS.set(thread, null);
        }
    }
}
