package dev.tocin.v8;

import dev.tocin.runtime.Fiber.Priority;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Callers waiting for an isolate, served most urgent first with aging: a waiter counts one level
 * more urgent for every {@code agingNanos} it has waited, so a steady stream of CRITICAL callers
 * delays a BACKGROUND caller by at most four aging bounds before it competes as an equal (and,
 * being older, wins). Within a level, first come first served. Not thread-safe: the pool's lock
 * guards it.
 */
final class AdmissionQueue {
    /** One waiting caller; {@link #handoff} completes with its isolate or with the pool's closing. */
    static final class Waiter {
        final Priority priority;
        final long seq;
        final long enqueuedAt;
        final CompletableFuture<PoolSlot> handoff = new CompletableFuture<>();

        private Waiter(Priority priority, long seq, long enqueuedAt) {
            this.priority = priority;
            this.seq = seq;
            this.enqueuedAt = enqueuedAt;
        }
    }

    private final List<ArrayDeque<Waiter>> levels = new ArrayList<>();
    private final long agingNanos;
    private long seq;
    private int size;

    AdmissionQueue(long agingNanos) {
        if (agingNanos <= 0) {
            throw new IllegalArgumentException("the aging bound must be positive, got " + agingNanos + " ns");
        }
        this.agingNanos = agingNanos;
        for (int i = 0; i < Priority.values().length; i++) {
            levels.add(new ArrayDeque<>());
        }
    }

    Waiter add(Priority priority, long now) {
        var w = new Waiter(priority, seq++, now);
        levels.get(priority.value()).addLast(w);
        size++;
        return w;
    }

    /** Removes and returns the waiter to serve next at time {@code now}, or null when none waits. */
    Waiter next(long now) {
        ArrayDeque<Waiter> best = null;
        long bestLevel = Long.MAX_VALUE;
        long bestSeq = Long.MAX_VALUE;
        // Within a level the head is the oldest, so only the heads can win.
        for (var level : levels) {
            var head = level.peekFirst();
            if (head == null) {
                continue;
            }
            long effective = Math.max(0, head.priority.value() - (now - head.enqueuedAt) / agingNanos);
            if (effective < bestLevel || (effective == bestLevel && head.seq < bestSeq)) {
                best = level;
                bestLevel = effective;
                bestSeq = head.seq;
            }
        }
        if (best == null) {
            return null;
        }
        size--;
        return best.pollFirst();
    }

    /** Removes {@code w} if it still waits (a caller that gave up). */
    boolean remove(Waiter w) {
        boolean removed = levels.get(w.priority.value()).remove(w);
        if (removed) {
            size--;
        }
        return removed;
    }

    /** Removes and returns every waiter, oldest first within each level. */
    List<Waiter> drain() {
        var all = new ArrayList<Waiter>(size);
        for (var level : levels) {
            all.addAll(level);
            level.clear();
        }
        size = 0;
        return all;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
