package dev.tocin.runtime;

/**
 * The thread that runs fibers' tasks one after another. Which fiber it is running is published
 * through a scoped value bound for the runner's whole life, so thread-locals can be reset between
 * tasks without losing it.
 */
final class Runner {
    static final ScopedValue<Runner> CURRENT = ScopedValue.newInstance();

    Thread thread;
    volatile Fiber<?> fiber;

    static Fiber<?> currentFiber() {
        if (!CURRENT.isBound()) {
            return null;
        }
        Runner r = CURRENT.get();
        return r.thread == Thread.currentThread() ? r.fiber : null;
    }
}
