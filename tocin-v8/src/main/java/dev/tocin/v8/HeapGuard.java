package dev.tocin.v8;

import com.caoccao.javet.interop.callback.IJavetNearHeapLimitCallback;
import com.caoccao.javet.interop.monitoring.V8HeapStatistics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Keeps a JavaScript out-of-memory from aborting the JVM, and applies a per-isolate heap limit.
 *
 * <p>V8 calls the near-heap-limit callback (on the thread running JS, inside an allocation) when the
 * heap is about to hit its limit. We terminate the running code and grant some headroom so the
 * termination can unwind. When the job is over, {@link #afterTermination()} collects garbage and
 * lowers the limit again; if the heap is still over the limit, the runtime must be closed.
 *
 * <p>The per-isolate limit uses V8's {@code RemoveNearHeapLimitCallback(cb, heapLimit)}, which
 * sets the heap limit to {@code max(heapLimit, live size * 1.25)}: we register, unregister with the
 * limit (Javet passes {@link #getDefaultHeapLimit()}), and register again.
 */
final class HeapGuard implements IJavetNearHeapLimitCallback {
    private static final System.Logger LOG = System.getLogger(HeapGuard.class.getName());
    private static final long HEADROOM = 64L << 20;
    /** Callbacks V8 ran on a thread that does not hold the isolate (one of its workers), process-wide. */
    private static final AtomicLong OFF_THREAD_CALLS = new AtomicLong();

    private final Isolate isolate;
    private final BooleanSupplier onIsolateThread;
    private final long configuredLimit;
    private long limit;
    private boolean exceeded;

    /** Result of a termination: the limit that was hit, the heap in use after a full GC, and whether that is still too much. */
    record Outcome(long limit, long used, boolean mustClose) {
    }

    HeapGuard(Isolate isolate, long limitBytes, BooleanSupplier onIsolateThread) {
        this.isolate = isolate;
        this.onIsolateThread = onIsolateThread;
        this.configuredLimit = limitBytes;
        this.limit = limitBytes;
    }

    void install() {
        isolate.setNearHeapLimitCallback(this);
        if (configuredLimit > 0) {
            applyLimit();
        }
    }

    @Override
    public long callback(long currentHeapLimit, long initialHeapLimit) {
        if (limit == 0) {
            limit = initialHeapLimit;
        }
        exceeded = true;
        if (!onIsolateThread.getAsBoolean() && OFF_THREAD_CALLS.getAndIncrement() == 0) {
            // Javet has attached this V8 worker to the JVM as a non-daemon thread for good.
            LOG.log(System.Logger.Level.WARNING, "V8 reported the heap limit on its worker thread " + Thread.currentThread()
                    + ", which is now attached to the JVM as a non-daemon thread: the JVM will not exit by itself when"
                    + " main returns (end it with System.exit). Tocin turns V8's concurrent recompilation off to prevent"
                    + " this; was -Dtocin.v8.concurrentRecompilation=true set?");
        }
        isolate.terminateExecution();
        // Termination lands only at V8's next interrupt check: a builtin such as Array.prototype.fill
        // keeps allocating until it returns, and one allocation (an elements store turning fast) can
        // be as large as the whole heap. Doubling on every call covers any single allocation in two
        // or three calls; a smaller grant makes V8 abort the process ("last resort" GC, then fatal OOM).
        return Math.max(currentHeapLimit + HEADROOM, currentHeapLimit * 2);
    }

    @Override
    public long getDefaultHeapLimit() {
        return limit;
    }

    /** How many near-heap-limit callbacks ran on a thread that did not hold the isolate, in this process. */
    static long offThreadCalls() {
        return OFF_THREAD_CALLS.get();
    }

    /** The limit being enforced (V8's own when none was configured and V8 has not reported it yet: 0). */
    long limit() {
        return limit;
    }

    /** Whether V8 reported the heap limit since the last {@link #afterTermination()}. */
    boolean exceeded() {
        return exceeded;
    }

    /** After a job that the callback terminated: collect garbage, restore the limit, say whether the runtime can go on. */
    Outcome afterTermination() {
        exceeded = false;
        // No JS is on the stack now: a termination V8 had not delivered yet would hit the next call.
        isolate.cancelTerminateExecution();
        isolate.lowMemoryNotification();
        long used = usedHeap();
        // V8 restores a limit only down to 1.25 x the live heap: with more than 80% of the limit still
        // live after a full GC, the limit could not be enforced again, so the runtime must go.
        boolean mustClose = used * 5 >= limit * 4;
        if (!mustClose) {
            applyLimit();
        }
        return new Outcome(limit, used, mustClose);
    }

    private void applyLimit() {
        isolate.setNearHeapLimitCallback(null); // restores the heap limit to getDefaultHeapLimit()
        isolate.setNearHeapLimitCallback(this);
    }

    long usedHeap() {
        try {
            V8HeapStatistics stats = isolate.heapStatistics().get(5, TimeUnit.SECONDS);
            return stats == null ? 0 : stats.getUsedHeapSize();
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }
}
