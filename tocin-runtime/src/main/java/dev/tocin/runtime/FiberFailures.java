package dev.tocin.runtime;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Counts fibers whose task threw and hands each to the builder's handler, or logs it: a warning for
 * {@code execute}d tasks (nobody holds their fiber), debug level otherwise. A handler that throws is
 * logged, never propagated into the worker.
 */
final class FiberFailures {
    private static final System.Logger LOG = System.getLogger(LightweightScheduler.class.getName());

    private final String scheduler;
    private final BiConsumer<? super Fiber<?>, ? super Throwable> handler;
    private final LongAdder count = new LongAdder();

    FiberFailures(String scheduler, BiConsumer<? super Fiber<?>, ? super Throwable> handler) {
        this.scheduler = scheduler;
        this.handler = handler;
    }

    void report(Fiber<?> f, Throwable failure) {
        count.increment();
        try {
            if (handler != null) {
                handler.accept(f, failure);
            } else {
                LOG.log(f.detached() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "fiber " + f + " of scheduler " + scheduler + " failed", failure);
            }
        } catch (Throwable handlerFailure) {
            LOG.log(System.Logger.Level.ERROR, "failure handler of scheduler " + scheduler + " threw", handlerFailure);
        }
    }

    long count() {
        return count.sum();
    }
}
