package dev.tocin.v8;

import java.util.Map;

/**
 * A snapshot of a {@link V8RuntimePool}'s counters, each exact at one instant (taken under the
 * pool's lock, so together they are consistent).
 *
 * @param size              the number of isolates the pool keeps
 * @param live              isolates in service now (idle or busy); below {@code size} while replacements are pending
 * @param busy              isolates lent to a caller now
 * @param queued            callers waiting for an isolate
 * @param replaced          isolates retired (heap limit, timeout, closed, {@code maxCallsPerRuntime}) whose replacement is in service
 * @param calls             calls that got an isolate so far (nested calls inside {@code withRuntime} included)
 * @param healing           replacements being created now
 * @param setupFailures     failed attempts to create a replacement (each retried with backoff)
 * @param lastSetupFailure  the message of the latest failed attempt, or {@code null}
 * @param isolatesByNode    live isolates per NUMA node (one entry, node 0, without NUMA placement)
 */
public record PoolStats(int size, int live, int busy, int queued, long replaced, long calls, int healing,
                        long setupFailures, String lastSetupFailure, Map<Integer, Integer> isolatesByNode) {
    public PoolStats {
        isolatesByNode = Map.copyOf(isolatesByNode);
    }
}
