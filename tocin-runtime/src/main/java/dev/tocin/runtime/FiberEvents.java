package dev.tocin.runtime;

/**
 * The JFR events of a scheduler (category Tocin/Scheduler). Each costs one {@code shouldCommit}
 * check when it is not recorded.
 */
final class FiberEvents {
    private FiberEvents() {
    }

    static void started(Fiber<?> f, Worker w, long now) {
        var event = new FiberStartEvent();
        if (event.shouldCommit()) {
            event.priority = f.priority().name();
            event.worker = w.index;
            event.node = w.node.id;
            event.queuedMillis = (now - f.queuedAt) / 1_000_000;
            event.commit();
        }
    }

    static void finished(Fiber<?> f, Throwable failure, Worker w) {
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
