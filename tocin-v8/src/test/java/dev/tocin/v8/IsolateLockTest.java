package dev.tocin.v8;

import dev.tocin.runtime.Fiber;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The isolate lock's invariants under contention: one holder at a time, the owner field names it
 * whenever it runs (the waiter must never see its grant before the owner field does), nobody
 * waits forever, re-entry counts holds, and aging lets an old BACKGROUND entry beat a new CRITICAL one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IsolateLockTest {
    private static final Thread NO_LOOP = new Thread(() -> { });

    @RepeatedTest(3)
    void platformAndVirtualThreadsNeverHoldTheLockTogether() throws Exception {
        var lock = new IsolateLock();
        var inside = new AtomicInteger();
        var violations = new ConcurrentLinkedQueue<String>();
        var served = new AtomicLong();
        int perThread = 2_000;
        Runnable body = () -> {
            for (int i = 0; i < perThread; i++) {
                var p = Fiber.Priority.values()[i % 5];
                if (!lock.tryAcquire()) {
                    var entry = new IsolateLock.Entry(p, Thread.currentThread(), () -> { });
                    lock.enqueue(entry);
                    int state = lock.await(entry, NO_LOOP);
                    if (state != IsolateLock.GRANTED) {
                        violations.add("state " + state);
                        continue;
                    }
                    lock.adopt();
                }
                if (inside.incrementAndGet() != 1) {
                    violations.add("two holders");
                }
                if (!lock.heldByCurrentThread()) {
                    violations.add("owner is " + lock.owner() + ", not " + Thread.currentThread());
                }
                if (i % 7 == 0) {
                    if (!lock.tryAcquire()) { // re-entry: one more hold
                        violations.add("re-entry refused");
                    }
                    lock.release(NO_LOOP);
                    if (!lock.heldByCurrentThread()) {
                        violations.add("a nested release let go of the lock");
                    }
                }
                inside.decrementAndGet();
                served.incrementAndGet();
                lock.release(NO_LOOP);
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(body));
        }
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofVirtual().start(body));
        }
        for (var t : threads) {
            t.join(100_000);
            assertThat(t.isAlive()).as("a caller is stuck").isFalse();
        }
        assertThat(violations).isEmpty();
        assertThat(served.get()).isEqualTo(20L * perThread);
        assertThat(lock.owner()).isNull();
        assertThat(lock.queued()).isZero();
    }

    @Test
    void theReleaserGrantsTheMostUrgentAndAgingLetsAnOldBackgroundEntryWin() throws Exception {
        var lock = new IsolateLock();
        assertThat(lock.tryAcquire()).isTrue();
        var order = new ConcurrentLinkedQueue<String>();
        var queued = new CountDownLatch(2);
        Thread background = waiter(lock, Fiber.Priority.BACKGROUND, "background", order, queued, 0);
        Thread critical = waiter(lock, Fiber.Priority.CRITICAL, "critical", order, queued, 0);
        assertThat(queued.await(30, TimeUnit.SECONDS)).isTrue();
        awaitQueued(lock, 2);
        lock.release(NO_LOOP);
        background.join(30_000);
        critical.join(30_000);
        assertThat(order).containsExactly("critical", "background");

        // An entry queued 5 aging bounds ago counts as CRITICAL and is older: it goes first.
        assertThat(lock.tryAcquire()).isTrue();
        var order2 = new ConcurrentLinkedQueue<String>();
        var queued2 = new CountDownLatch(2);
        Thread old = waiter(lock, Fiber.Priority.BACKGROUND, "old background", order2, queued2, 5 * IsolateLock.AGING_NANOS);
        awaitQueued(lock, 1);
        assertThat(queued2.getCount()).isEqualTo(1); // one of two queued so far
        Thread fresh = waiter(lock, Fiber.Priority.CRITICAL, "new critical", order2, queued2, 0);
        awaitQueued(lock, 2);
        lock.release(NO_LOOP);
        old.join(30_000);
        fresh.join(30_000);
        assertThat(order2).containsExactly("old background", "new critical");
    }

    /**
     * Two callers that barge back in after every release keep the lock nearly all the time; the
     * queued callers must still be served while they go on (the heir looks for the free lock itself,
     * and one that waited {@link IsolateLock#STRICT_AFTER_NANOS} makes the next release hand over),
     * each exactly once, never two holders at a time.
     */
    @RepeatedTest(3)
    void queuedCallersAreServedWhileBargingCallersKeepTheLock() throws Exception {
        var lock = new IsolateLock();
        var inside = new AtomicInteger();
        var violations = new ConcurrentLinkedQueue<String>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var bargerRounds = new AtomicLong();
        Runnable hold = () -> {
            if (inside.incrementAndGet() != 1) {
                violations.add("two holders");
            }
            inside.decrementAndGet();
        };
        Runnable barger = () -> {
            while (!stop.get()) {
                if (lock.tryAcquire(Fiber.Priority.NORMAL) || acquireQueued(lock, Fiber.Priority.NORMAL, violations)) {
                    hold.run();
                    bargerRounds.incrementAndGet();
                    lock.release(NO_LOOP);
                }
            }
        };
        int perWaiter = 200;
        var served = new AtomicInteger();
        Runnable queued = () -> {
            for (int i = 0; i < perWaiter; i++) {
                // straight to the queue, as a caller that found the lock busy
                if (acquireQueued(lock, Fiber.Priority.NORMAL, violations)) {
                    hold.run();
                    served.incrementAndGet();
                    lock.release(NO_LOOP);
                }
            }
        };
        var bargers = List.of(Thread.ofPlatform().start(barger), Thread.ofPlatform().start(barger));
        var waiters = List.of(Thread.ofPlatform().start(queued), Thread.ofPlatform().start(queued),
                Thread.ofVirtual().start(queued));
        for (var t : waiters) {
            t.join(60_000);
            assertThat(t.isAlive()).as("a queued caller starved").isFalse();
        }
        long roundsWhileWaitersRan = bargerRounds.get();
        stop.set(true);
        for (var t : bargers) {
            t.join(60_000);
            assertThat(t.isAlive()).as("a barging caller is stuck").isFalse();
        }
        assertThat(violations).isEmpty();
        assertThat(served.get()).isEqualTo(3 * perWaiter);
        assertThat(roundsWhileWaitersRan).as("the bargers ran beside the queued callers").isPositive();
        assertThat(lock.owner()).isNull();
        assertThat(lock.queued()).isZero();
    }

    /** Queues at {@code p} and waits for the lock; false (with a violation) if the entry ended otherwise. */
    private static boolean acquireQueued(IsolateLock lock, Fiber.Priority p, ConcurrentLinkedQueue<String> violations) {
        var entry = new IsolateLock.Entry(p, Thread.currentThread(), () -> { });
        lock.enqueue(entry);
        int state = lock.await(entry, NO_LOOP);
        if (state != IsolateLock.GRANTED) {
            violations.add("state " + state);
            return false;
        }
        lock.adopt();
        return true;
    }

    /** A platform thread that queues at {@code p} (its entry back-dated by {@code ageNanos}), records when served, releases. */
    private static Thread waiter(IsolateLock lock, Fiber.Priority p, String name, ConcurrentLinkedQueue<String> order,
                                 CountDownLatch queued, long ageNanos) {
        return Thread.ofPlatform().start(() -> {
            var entry = new IsolateLock.Entry(p, Thread.currentThread(), () -> { }, System.nanoTime() - ageNanos);
            lock.enqueue(entry);
            queued.countDown();
            if (lock.await(entry, NO_LOOP) == IsolateLock.GRANTED) {
                lock.adopt();
                order.add(name);
                lock.release(NO_LOOP);
            }
        });
    }

    private static void awaitQueued(IsolateLock lock, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lock.queued() < n) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(1); // polling a condition, not synchronising on time
        }
    }
}
