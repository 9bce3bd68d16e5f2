package dev.tocin.v8;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The execution-timeout guard of one runtime: a shared watchdog thread terminates the isolate's
 * execution ({@code terminateExecution()}, which V8 allows from any thread) when the loop thread
 * has been inside one job or callback longer than the limit. The runtime then reports a
 * {@link ScriptTimeoutException} and stays usable.
 *
 * <p>A short lock orders "the job ended" against "the watchdog fired", so a termination that
 * arrives just after a job finished is cancelled instead of killing the next job.
 */
final class ExecutionTimeout implements ExecutionGuard {
    private static final CopyOnWriteArrayList<ExecutionTimeout> WATCHED = new CopyOnWriteArrayList<>();
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static Thread watchdog;

    private final long limitNanos;
    private final Isolate isolate;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long startedAt; // 0 while the loop is not inside a job
    private boolean fired;           // guarded by lock
    private volatile boolean firedForCurrent; //: the job that just threw was terminated by us

    ExecutionTimeout(Duration limit, Isolate isolate) {
        this.limitNanos = limit.toNanos();
        this.isolate = isolate;
    }

    Duration limit() {
        return Duration.ofNanos(limitNanos);
    }

    void watch() {
        WATCHED.add(this);
        startWatchdog();
    }

    void unwatch() {
        WATCHED.remove(this);
    }

    @Override
    public long enter() {
        long previous = startedAt;
        startedAt = now();
        firedForCurrent = false;
        return previous;
    }

    @Override
    public void exit(long token) {
        lock.lock();
        try {
            startedAt = token == 0 ? 0 : now();
            if (fired) {
                fired = false;
                // A termination that landed after the JS returned would hit the next job.
                isolate.cancelTerminateExecution();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long suspend() {
        long previous = startedAt;
        exit(0);
        return previous;
    }

    @Override
    public void resume(long token) {
        startedAt = token == 0 ? 0 : now();
    }

    @Override
    public boolean timedOut() {
        lock.lock();
        try {
            return fired || firedForCurrent;
        } finally {
            lock.unlock();
        }
    }

    private void check(long now) {
        long started = startedAt;
        if (started == 0 || now - started < limitNanos) {
            return;
        }
        lock.lock();
        try {
            if (startedAt == started && !fired) {
                fired = true;
                firedForCurrent = true;
                isolate.terminateExecution();
            }
        } finally {
            lock.unlock();
        }
    }

    private static long now() {
        long t = System.nanoTime();
        return t == 0 ? 1 : t;
    }

    private static synchronized void startWatchdog() {
        if (watchdog != null) {
            LockSupport.unpark(watchdog);
            return;
        }
        watchdog = Thread.ofPlatform().name("tocin-v8-watchdog").daemon(true).start(() -> {
            while (true) {
                long now = now();
                for (var t : WATCHED) {
                    t.check(now);
                }
                if (WATCHED.isEmpty()) {
                    LockSupport.park();
                } else {
                    LockSupport.parkNanos(TICK_NANOS);
                }
            }
        });
    }
}
