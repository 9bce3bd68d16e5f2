package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A promise made from Java that JS holds has no {@code then} watcher: Java settles it and completes
 * its mirror from the JS promise's state (a rejection still gets the watcher, which marks it
 * handled).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExportedPromiseTest {
    private static final long GUARD_MS = 30_000;

    @Test
    void jsHoldsItFirstThenJavaResolvesWithValuesJsChanges() {
        try (var rt = new V8Runtime()) {
            var whole = new AtomicReference<Consumer<FFIValue>>();
            JsPromise w = rt.createPromise((resolve, reject) -> whole.set(resolve));
            rt.exportValue("w", w);
            var object = new AtomicReference<Consumer<FFIValue>>();
            JsPromise o = rt.createPromise((resolve, reject) -> object.set(resolve));
            rt.exportValue("o", o);
            rt.executeCode("globalThis.seen = []; w.then(v => seen.push(v)); o.then(v => seen.push(v.a));");

            whole.get().accept(FFIValue.of(2.0));
            object.get().accept(FFIValue.of(Map.of("a", FFIValue.of(1))));

            // The waiter sees what JS made of the values (2.0 is the integer 2), as with the watcher.
            assertThat(rt.awaitPromise(w, GUARD_MS).value()).isEqualTo(FFIValue.of(2));
            assertThat(rt.awaitPromise(o, GUARD_MS).value().get("a")).isEqualTo(FFIValue.of(1));
            assertThat(rt.runUntilIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(rt.evaluateExpression("seen.join(',')")).isEqualTo(FFIValue.of("2,1"));
            assertThat(rt.promiseBridge().watchedCount()).isZero();
            assertThat(rt.hasPendingWork()).isFalse();
        }
    }

    @Test
    void aRejectionOfAPromiseJsHoldsIsSeenFromJavaAndCountsAsHandled() throws Exception {
        try (var rt = new V8Runtime()) {
            var reported = new CopyOnWriteArrayList<JsException>();
            var sentinel = new CountDownLatch(1);
            rt.onUnhandledRejection(e -> {
                reported.add(e);
                if ("sentinel".equals(e.jsMessage())) {
                    sentinel.countDown();
                }
            });
            var reject = new AtomicReference<Consumer<Throwable>>();
            JsPromise p = rt.createPromise((res, rej) -> reject.set(rej));
            rt.exportValue("p", p);
            reject.get().accept(new IllegalStateException("no disk"));

            var result = rt.awaitPromise(p, GUARD_MS);
            assertThat(result.isRejected()).isTrue();
            assertThat(result.error().name()).isEqualTo("IllegalStateException");
            assertThat(result.error().message()).isEqualTo("no disk");
            assertThat(rt.executeCode("await p.catch(e => e.name + ':' + e.message)"))
                    .isEqualTo(FFIValue.of("IllegalStateException:no disk"));
            // A later unhandled rejection is reported: the reporter ran, and only that one was reported.
            rt.executeCode("Promise.reject(new Error('sentinel'));");
            assertThat(sentinel.await(GUARD_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(reported).extracting(JsException::jsMessage).containsExactly("sentinel");
        }
    }

    @Test
    void manyThreadsResolveExportedPromisesWithValuesJsChanges() throws Exception {
        try (var rt = new V8Runtime()) {
            // A whole double: JS hands it back as an integer, so it always goes through JS.
            var failures = PromiseRounds.run(rt, 6, 150, i -> true, true, expected -> FFIValue.of((double) expected));
            assertThat(failures).isEmpty();
            assertThat(rt.runUntilIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(rt.hasPendingWork()).isFalse();
            assertThat(rt.promiseBridge().watchedCount()).isZero();
        }
    }
}
