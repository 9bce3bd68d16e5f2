package dev.tocin.v8;

import com.caoccao.javet.enums.JavetPromiseRejectEvent;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValuePromise;
import dev.tocin.runtime.Fiber;
import dev.tocin.v8.module.V8Handles;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * V8's promise-reject callback: a promise rejected with no handler is remembered, and reported
 * to the handler by a job that runs after the current job and its microtasks, unless a handler
 * was attached meanwhile (as Node does at the end of a tick). Loop thread only.
 */
final class UnhandledRejections {
    private static final System.Logger LOG = System.getLogger(UnhandledRejections.class.getName());

    private final EventLoop loop;
    private final Supplier<Consumer<JsException>> handler;
    private final List<Rejection> pending = new ArrayList<>();
    private boolean reportQueued;

    private record Rejection(V8ValuePromise promise, JsException error) {
    }

    UnhandledRejections(EventLoop loop, Supplier<Consumer<JsException>> handler) {
        this.loop = loop;
        this.handler = handler;
    }

    /** Javet closes {@code promise} and {@code reason} after this returns. */
    void onReject(JavetPromiseRejectEvent event, V8ValuePromise promise, V8Value reason) {
        try {
            switch (event) {
                case PromiseRejectWithNoHandler -> {
                    pending.add(new Rejection(promise.toClone(), ScriptErrors.fromValue(reason)));
                    if (!reportQueued) {
                        reportQueued = true;
                        loop.post(Fiber.Priority.NORMAL, this::report);
                    }
                }
                case PromiseHandlerAddedAfterReject -> pending.removeIf(r -> {
                    if (same(r.promise, promise)) {
                        V8Handles.release(r.promise);
                        return true;
                    }
                    return false;
                });
                default -> LOG.log(System.Logger.Level.DEBUG, "{0}: promise event {1}", loop.name(), event);
            }
        } catch (JavetException | RuntimeClosedException e) {
            LOG.log(System.Logger.Level.DEBUG, loop.name() + ": promise reject callback failed", e);
        }
    }

    private static boolean same(V8ValuePromise a, V8ValuePromise b) {
        try {
            return a.strictEquals(b);
        } catch (JavetException e) {
            return false;
        }
    }

    private void report() {
        reportQueued = false;
        var due = new ArrayList<>(pending);
        pending.clear();
        for (var r : due) {
            try {
                if (!r.promise.hasHandler()) {
                    handler.get().accept(r.error);
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, loop.name() + ": the unhandled-rejection handler failed", t);
            } finally {
                V8Handles.release(r.promise);
            }
        }
    }

    void close() {
        pending.forEach(r -> V8Handles.release(r.promise));
        pending.clear();
    }
}
