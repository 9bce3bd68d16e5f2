package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Park/unpark ping-pong: two tasks hand a turn back and forth with {@link LockSupport},
 * each parking until it is its turn, so every hand-off is one unpark and one wake-up
 * through the scheduler.
 */
final class PingPong {
    private static final int NOBODY = -1;

    private PingPong() {
    }

    /** Plays {@code roundTrips} round trips and returns their wall-clock time in nanoseconds. */
    static long run(Contender contender, int roundTrips) throws InterruptedException, TimeoutException {
        var turn = new AtomicInteger(NOBODY);
        var players = new AtomicReferenceArray<Thread>(2);
        var registered = new CountDownLatch(2);
        var done = new CountDownLatch(2);
        for (int side = 0; side < 2; side++) {
            int me = side;
            contender.execute(Fiber.Priority.NORMAL, () -> {
                players.set(me, Thread.currentThread());
                registered.countDown();
                for (int i = 0; i < roundTrips; i++) {
                    while (turn.get() != me) {
                        LockSupport.park(turn);
                    }
                    turn.set(1 - me);
                    LockSupport.unpark(players.get(1 - me));
                }
                done.countDown();
            });
        }
        Guard.await(registered, "ping-pong start on " + contender.name());
        long start = System.nanoTime();
        turn.set(0);
        LockSupport.unpark(players.get(0));
        Guard.await(done, "ping-pong of " + roundTrips + " round trips on " + contender.name());
        return System.nanoTime() - start;
    }
}
