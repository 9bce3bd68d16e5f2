package dev.tocin.v8;

/**
 * The JavaScript heap reached its limit ({@link V8Options#maxHeapBytes()} or V8's own) and the
 * running code was terminated before V8 could abort the process. If a full garbage collection
 * leaves at most 80% of the limit live, the runtime stays usable; otherwise it is closed
 * ({@link #runtimeClosed()}).
 */
public final class HeapLimitException extends RuntimeException {
    private final long limitBytes;
    private final long usedBytes;
    private final boolean runtimeClosed;

    public HeapLimitException(String what, long limitBytes, long usedBytes, boolean runtimeClosed) {
        super(what + " exceeded the JavaScript heap limit of " + (limitBytes >> 20) + " MB"
                + (usedBytes < 0 ? "" : " (heap in use: " + (usedBytes >> 20) + " MB)") + " and was terminated"
                + (runtimeClosed ? "; the heap stayed full, so the runtime was closed" : "; the runtime is still usable"));
        this.limitBytes = limitBytes;
        this.usedBytes = usedBytes;
        this.runtimeClosed = runtimeClosed;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** The heap in use after a full GC, or -1 when it was not measured (the limit was hit in a nested call). */
    public long usedBytes() {
        return usedBytes;
    }

    /** Whether the runtime had to be closed because the heap could not be brought under the limit. */
    public boolean runtimeClosed() {
        return runtimeClosed;
    }
}
