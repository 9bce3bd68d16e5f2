package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code awaitPromise(name)} off the isolate: the name is read by one cached reader (no script per
 * name) and a fulfilled promise or a primitive is answered without a watcher. These cases pin that
 * the answers are what {@code await name} in JS gives, as with the script-per-name lookup before.
 */
class AwaitByNameTest {
    private static final long GUARD_MS = 30_000;

    private V8Runtime rt;

    @BeforeEach
    void start() {
        rt = new V8Runtime();
        rt.initialize();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void alreadyFulfilledPromisesAndPrimitivesAnswerAtOnce() {
        rt.executeCode("globalThis.done = Promise.resolve(7); globalThis.num = 3; globalThis.str = 's';"
                + " globalThis.nothing = undefined; globalThis.nul = null; globalThis.big = 2n ** 70n;");
        assertThat(rt.awaitPromise("done", 0).value()).isEqualTo(FFIValue.of(7));
        assertThat(rt.awaitPromise("num", 0).value()).isEqualTo(FFIValue.of(3));
        assertThat(rt.awaitPromise("str", 0).value()).isEqualTo(FFIValue.of("s"));
        assertThat(rt.awaitPromise("nothing", 0).isResolved()).isTrue();
        assertThat(rt.awaitPromise("nothing", 0).value()).isEqualTo(FFIValue.UNDEFINED);
        assertThat(rt.awaitPromise("nul", 0).value()).isEqualTo(FFIValue.NULL);
        assertThat(rt.awaitPromise("big", 0).value()).isEqualTo(rt.evaluateExpression("big"));
        assertThat(rt.awaitPromise("done", 0).value()).isEqualTo(FFIValue.of(7)); // and again: nothing was used up
    }

    @Test
    void scriptLevelLetAndConstBindingsAreFoundAsAScriptSeesThem() {
        rt.executeCode("let lexical = Promise.resolve('let'); const constant = 5;");
        assertThat(rt.awaitPromise("lexical", GUARD_MS).value()).isEqualTo(FFIValue.of("let"));
        assertThat(rt.awaitPromise("constant", GUARD_MS).value()).isEqualTo(FFIValue.of(5));
    }

    @Test
    void jsThatReplacesEvalDoesNotChangeTheLookup() {
        rt.executeCode("globalThis.eval = () => { throw new Error('replaced'); }; globalThis.still = Promise.resolve(1);");
        assertThat(rt.awaitPromise("still", GUARD_MS).value()).isEqualTo(FFIValue.of(1));
        assertThatThrownBy(() -> rt.awaitPromise("stillMissing", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing named 'stillMissing' is defined");
    }

    @Test
    void aThenableThatIsNotAPromiseIsAdoptedAsAwaitDoes() {
        rt.executeCode("globalThis.thenable = { then(ok) { ok('adopted'); } };");
        assertThat(rt.awaitPromise("thenable", GUARD_MS).value()).isEqualTo(FFIValue.of("adopted"));
    }

    @Test
    void aGetterThatThrowsIsThrownAtTheCaller() {
        rt.executeCode("Object.defineProperty(globalThis, 'boom', { get() { throw new TypeError('getter failed'); } });");
        assertThatThrownBy(() -> rt.awaitPromise("boom", 10)).isInstanceOf(JsException.class)
                .hasMessageContaining("getter failed");
    }

    @Test
    void aPromiseRejectedWithANonErrorGivesItsReason() {
        rt.executeCode("globalThis.rejected = Promise.reject(42); rejected.catch(() => {});");
        AsyncResult a = rt.awaitPromise("rejected", GUARD_MS);
        assertThat(a.isRejected()).isTrue();
        assertThat(a.error().name()).isEqualTo("Uncaught");
        assertThat(a.error().message()).isEqualTo("42");
        assertThat(a.value()).isEqualTo(FFIValue.of(42));
    }

    @Test
    void aFulfilledValueThatCannotCrossToJavaIsAnIllegalArgument() {
        rt.executeCode("globalThis.sym = Promise.resolve(Symbol('s'));");
        assertThatThrownBy(() -> rt.awaitPromise("sym", GUARD_MS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot cross to Java");
    }

    @Test
    void aPromiseSettledLaterFromAnotherThreadWakesTheWaiter() throws Exception {
        var resolve = new AtomicReference<Consumer<FFIValue>>();
        rt.exportValue("source", rt.createPromise((res, rej) -> resolve.set(res)));
        rt.executeCode("globalThis.later = source.then(v => v * 2);");
        var result = new CompletableFuture<AsyncResult>();
        Thread waiter = Thread.ofPlatform().start(() -> result.complete(rt.awaitPromise("later", 10 * GUARD_MS)));
        waitUntilParked(waiter);
        assertThat(result).isNotDone();
        Thread.ofPlatform().start(() -> resolve.get().accept(FFIValue.of(21))).join();
        assertThat(result.get(GUARD_MS, TimeUnit.MILLISECONDS).value()).isEqualTo(FFIValue.of(42));
    }

    /**
     * The race the benchmark runs: a resolver thread settles while the caller looks the name up, so the
     * lookup sees the promise pending (watched) or fulfilled (answered at once). Every round must get
     * its own answer, whichever side wins.
     */
    @Test
    void awaitRacingTheSettlementAlwaysGetsItsOwnAnswer() throws Exception {
        rt.executeCode("globalThis.relay = async (p) => (await p) + 1;");
        var handoff = new SynchronousQueue<Runnable>();
        Thread resolver = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                while (true) {
                    handoff.take().run();
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        try {
            for (int i = 0; i < 2_000; i++) {
                var resolve = new AtomicReference<Consumer<FFIValue>>();
                rt.exportValue("p", rt.createPromise((res, rej) -> resolve.set(res)));
                rt.executeCode("globalThis.r = relay(globalThis.p);");
                long value = i;
                handoff.put(() -> resolve.get().accept(FFIValue.of(value)));
                AsyncResult a = rt.awaitPromise("r", GUARD_MS);
                assertThat(a.isResolved()).as("round %d: %s", i, a).isTrue();
                assertThat(a.value().asLong()).as("round %d", i).isEqualTo(i + 1);
            }
        } finally {
            resolver.interrupt();
        }
        assertThat(rt.awaitPromise("r", 0).value().asLong()).isEqualTo(2_000);
    }

    private static void waitUntilParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GUARD_MS);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the waiter never parked: " + t.getState());
            }
            Thread.onSpinWait();
        }
    }
}
