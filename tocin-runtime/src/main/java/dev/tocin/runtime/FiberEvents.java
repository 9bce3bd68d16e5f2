package dev.tocin.runtime;

/**
 * The JFR events of a scheduler (category Tocin/Scheduler). Each costs one {@code isEnabled}
 * check when it is not recorded.
 *
 * <p>The check is made on a shared instance before an event is created: {@code new Event()} then
 * {@code shouldCommit()} relies on escape analysis to drop the object when nothing records, and
 * when the JIT did not (depending on its inlining decisions in a run), every task allocated a
 * 48-byte start and a 48-byte end event: {@code SpawnCostProbe} measured 156 instead of 60 B/task
 * in about a third of the runs (docs/scheduler.md, "Fourth round"). {@code isEnabled} reads the
 * event type's state, not the instance's, so sharing the instance between threads is safe.
 */
final class FiberEvents {
    private static final FiberStartEvent START = new FiberStartEvent();
    private static final FiberEndEvent END = new FiberEndEvent();
    private static final FiberStealEvent STEAL = new FiberStealEvent();

    private FiberEvents() {
    }

    static void started(Fiber<?> f, Worker w, int now) {
        if (!START.isEnabled()) {
            return;
        }
        var event = new FiberStartEvent();
        if (event.shouldCommit()) {
            event.priority = f.priority().name();
            event.worker = w.index;
            event.node = w.node.id;
            event.queuedMillis = Ticker.nanosBetween(f.queuedAt, now) / 1_000_000;
            event.commit();
        }
    }

    static void finished(Fiber<?> f, Throwable failure, Worker w) {
        if (!END.isEnabled()) {
            return;
        }
        var event = new FiberEndEvent();
        if (event.shouldCommit()) {
            event.priority = f.priority().name();
            event.worker = w.index;
            event.failed = failure != null;
            event.failure = failure == null ? null : failure.toString();
            event.commit();
        }
    }

    static void stolen(Fiber<?> f, Worker thief, String victim, boolean remote) {
        if (!STEAL.isEnabled()) {
            return;
        }
        var event = new FiberStealEvent();
        if (event.shouldCommit()) {
            event.priority = f.priority().name();
            event.thief = thief.index;
            event.victim = victim;
            event.remote = remote;
            event.commit();
        }
    }
}
