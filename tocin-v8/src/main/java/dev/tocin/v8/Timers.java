package dev.tocin.v8;

import com.caoccao.javet.values.reference.V8ValueFunction;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The timers of one loop ({@code setTimeout}/{@code setInterval}); the isolate lock's holder only,
 * except {@link #referencedCount()} and {@link #nextDueAt()}.
 *
 * <p>The callbacks and their arguments stay in JavaScript (the prelude keeps them in a map by
 * id); this side keeps only ids and due times, and fires a timer by calling the prelude's
 * {@code fire(id, repeat)}. Timers fire in order of due time, then of creation.
 */
final class Timers {
    private static final long MIN_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventLoop loop;
    private final PriorityQueue<Timer> due = new PriorityQueue<>();
    private final Map<Integer, Timer> active = new HashMap<>();
    private volatile int referenced;
    /** When the earliest timer is due ({@link System#nanoTime()}), or Long.MAX_VALUE: read without the isolate lock. */
    private volatile long nextDueAt = Long.MAX_VALUE;
    private long nextSeq;
    private V8ValueFunction fire;
    private Consumer<Throwable> onError = t -> { };

    Timers(EventLoop loop) {
        this.loop = loop;
    }

    private static final class Timer implements Comparable<Timer> {
        final int id;
        final long intervalNanos; // -1 for a one-shot timer
        long dueAt;
        long seq;
        boolean ref = true;

        Timer(int id, long intervalNanos) {
            this.id = id;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(dueAt - o.dueAt, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Connects the prelude's {@code fire(id, repeat)} function; errors thrown by callbacks go to {@code onError}. */
    void install(V8ValueFunction fire, Consumer<Throwable> onError) {
        this.fire = fire;
        this.onError = onError;
    }

    /** Node's rule: a delay below 1 ms, NaN or above 2^31-1 ms becomes 1 ms. */
    void schedule(int id, double delayMillis, boolean repeat) {
        long delay = !(delayMillis >= 1) || delayMillis > Integer.MAX_VALUE
                ? MIN_DELAY_NANOS : (long) (delayMillis * 1_000_000d);
        var t = new Timer(id, repeat ? delay : -1);
        active.put(id, t);
        referenced++;
        enqueue(t, System.nanoTime() + delay);
    }

    void cancel(int id) {
        var t = active.remove(id);
        if (t != null && t.ref) {
            referenced--;
        }
    }

    void setRef(int id, boolean ref) {
        var t = active.get(id);
        if (t != null && t.ref != ref) {
            t.ref = ref;
            referenced += ref ? 1 : -1;
        }
    }

    boolean hasRef(int id) {
        var t = active.get(id);
        return t != null && t.ref;
    }

    int referencedCount() {
        return referenced;
    }

    /** Timers not yet fired or cleared, unref'd ones included. Loop thread only. */
    int activeCount() {
        return active.size();
    }

    /**
     * Fires every timer due now (not those scheduled while firing) and returns the nanoseconds
     * until the next one, or -1 when none is scheduled.
     */
    long runDue() {
        if (due.isEmpty()) {
            return -1;
        }
        long now = System.nanoTime();
        long limitSeq = nextSeq;
        while (!due.isEmpty() && !loop.isStopped()) {
            var t = due.peek();
            if (active.get(t.id) != t) {
                due.poll(); // cancelled
                continue;
            }
            if (t.dueAt - now > 0 || t.seq >= limitSeq) {
                break;
            }
            due.poll();
            boolean repeat = t.intervalNanos >= 0;
            if (repeat) {
                enqueue(t, now + t.intervalNanos);
            } else {
                active.remove(t.id);
                if (t.ref) {
                    referenced--;
                }
            }
            call(t.id, repeat);
        }
        while (!due.isEmpty() && active.get(due.peek().id) != due.peek()) {
            due.poll();
        }
        nextDueAt = due.isEmpty() ? Long.MAX_VALUE : due.peek().dueAt;
        return due.isEmpty() ? -1 : Math.max(0, due.peek().dueAt - System.nanoTime());
    }

    private void call(int id, boolean repeat) {
        var guard = loop.guard();
        long token = guard.enter();
        try {
            fire.callVoid(null, id, repeat);
        } catch (Throwable e) {
            onError.accept(e);
        } finally {
            guard.exit(token);
        }
    }

    private void enqueue(Timer t, long dueAt) {
        t.dueAt = dueAt;
        t.seq = nextSeq++;
        due.add(t);
        if (due.peek() == t) {
            nextDueAt = dueAt;
        }
    }

    /** When the earliest timer is due ({@link System#nanoTime()}), or Long.MAX_VALUE for none; any thread. */
    long nextDueAt() {
        return nextDueAt;
    }

    /** Drops every timer (the loop is shutting down); the JS side dies with the isolate. */
    void clear() {
        due.clear();
        nextDueAt = Long.MAX_VALUE;
        active.clear();
        referenced = 0;
        if (fire != null) {
            try {
                fire.close();
            } catch (Exception e) {
                System.getLogger(Timers.class.getName()).log(System.Logger.Level.DEBUG, "releasing the timer hook failed", e);
            }
            fire = null;
        }
    }
}
