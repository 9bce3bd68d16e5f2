package dev.tocin.v8;

/**
 * A top-level {@code await} (in a module or in {@link V8Runtime#executeCode}) waits for a promise
 * that nothing left can settle: no timer, no pending Java work, no queued call. Node reports the
 * same case as "Detected unsettled top-level await" and exits with code 13. The runtime stays usable.
 */
public final class UnsettledAwaitException extends IllegalStateException {
    private final String where;

    public UnsettledAwaitException(String where) {
        super("Detected unsettled top-level await" + (where == null ? "" : " in " + where)
                + ": it waits for a promise that nothing left can settle (no timers, no pending Java work, no queued calls)");
        this.where = where;
    }

    /** What was running (e.g. {@code loading /app/main.mjs}), or {@code null} when not known. */
    public String where() {
        return where;
    }
}
