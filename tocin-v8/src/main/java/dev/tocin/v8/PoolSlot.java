package dev.tocin.v8;

/** One isolate of a pool, with the NUMA placement bucket it belongs to and the calls it served. */
final class PoolSlot {
    final V8Runtime runtime;
    final int bucket;
    /** Calls served; written only by the caller holding the slot. */
    long calls;

    PoolSlot(V8Runtime runtime, int bucket) {
        this.runtime = runtime;
        this.bucket = bucket;
    }
}
