package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Promises made from Java get a V8 side only when JS sees them (issue 13). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LazyPromiseTest {
    @Test
    void aPromiseMadeResolvedAndAwaitedFromJavaNeverWaitsForTheLoop() throws Exception {
        try (var rt = new V8Runtime()) {
            var entered = new CountDownLatch(1);
            var release = new CompletableFuture<Void>();
            rt.registerFunction("block", a -> {
                entered.countDown();
                release.get(60, TimeUnit.SECONDS);
                return null;
            });
            var busy = CompletableFuture.runAsync(() -> rt.evaluateExpression("block()"), Thread::startVirtualThread);
            assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
            try {
                // The loop is blocked: before, createPromise itself queued behind it.
                var resolver = new AtomicReference<Consumer<FFIValue>>();
                JsPromise p = rt.createPromise((resolve, reject) -> resolver.set(resolve));
                assertThat(rt.hasPendingWork()).isTrue();
                Thread.ofPlatform().start(() -> resolver.get().accept(FFIValue.of("done")));
                assertThat(rt.awaitPromise(p, 30_000).value()).isEqualTo(FFIValue.of("done"));
                assertThat(rt.toFuture(p).get(30, TimeUnit.SECONDS)).isEqualTo(FFIValue.of("done"));
                assertThat(release).isNotDone();
            } finally {
                release.complete(null);
            }
            busy.get(60, TimeUnit.SECONDS);
            assertThat(rt.hasPendingWork()).isFalse();
        }
    }

    @Test
    void jsSeesTheSameSettlementWhetherItLooksBeforeOrAfter() {
        try (var rt = new V8Runtime()) {
            JsPromise early = rt.createPromise((resolve, reject) -> resolve.accept(FFIValue.of(42)));
            rt.exportValue("early", early);
            assertThat(rt.executeCode("await early")).isEqualTo(FFIValue.of(42));

            var resolver = new AtomicReference<Consumer<FFIValue>>();
            JsPromise late = rt.createPromise((resolve, reject) -> resolver.set(resolve));
            rt.exportValue("late", late);
            rt.executeCode("globalThis.seen = 'nothing'; late.then(v => { globalThis.seen = v })");
            resolver.get().accept(FFIValue.of("later"));
            assertThat(rt.awaitPromise(late, 30_000).value()).isEqualTo(FFIValue.of("later"));
            assertThat(rt.runUntilIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(rt.evaluateExpression("seen")).isEqualTo(FFIValue.of("later"));
        }
    }

    @Test
    void valuesThatChangeOnTheWayAndRejectionsGoThroughJs() {
        try (var rt = new V8Runtime()) {
            // 2.0 comes back from JS as the integer 2, an object as an OBJECT: the waiter sees what JS made of it.
            JsPromise whole = rt.createPromise((resolve, reject) -> resolve.accept(FFIValue.of(2.0)));
            assertThat(rt.awaitPromise(whole, 30_000).value()).isEqualTo(FFIValue.of(2));
            JsPromise object = rt.createPromise((resolve, reject) -> resolve.accept(FFIValue.of(Map.of("a", FFIValue.of(1)))));
            assertThat(rt.awaitPromise(object, 30_000).value().get("a")).isEqualTo(FFIValue.of(1));
            JsPromise rejected = rt.createPromise((resolve, reject) -> reject.accept(new IllegalStateException("no disk")));
            var result = rt.awaitPromise(rejected, 30_000);
            assertThat(result.isRejected()).isTrue();
            assertThat(result.error().name()).isEqualTo("IllegalStateException");
            assertThat(result.error().message()).isEqualTo("no disk");
            assertThat(rt.hasPendingWork()).isFalse();
        }
    }

    @Test
    void shutdownFailsAPendingPromiseThatJsNeverSaw() {
        var rt = new V8Runtime();
        JsPromise never = rt.createPromise((resolve, reject) -> { });
        var future = rt.toFuture(never);
        rt.shutdown();
        var result = rt.awaitPromise(never, 30_000);
        assertThat(result.isRejected()).isTrue();
        assertThat(result.error().name()).isEqualTo("RuntimeClosedException");
        assertThat(future).isCompletedExceptionally();
    }

    @Test
    void manyThreadsMakeResolveExportAndAwaitPromisesAtOnce() throws Exception {
        try (var rt = new V8Runtime()) {
            // Every third promise is shown to JS, racing its resolution on another thread.
            var failures = PromiseRounds.run(rt, 8, 200, i -> i % 3 == 0, false, FFIValue::of);
            assertThat(failures).isEmpty();
            assertThat(rt.runUntilIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(rt.hasPendingWork()).isFalse();
        }
    }
}
