package dev.tocin.runtime.numa;

import java.util.BitSet;

/**
 * Pins threads to CPUs. Implementations never throw for an operating-system failure: they log it and
 * return {@code false}, an empty set or {@code -1}, so a scheduler keeps running unpinned.
 */
public interface Affinity {
    /**
     * Restricts the calling platform thread to {@code cpus} (operating-system CPU ids). A virtual thread
     * is never pinned (that would pin its carrier): the call returns {@code false}.
     *
     * @return whether the restriction was applied
     */
    boolean pinCurrentThread(BitSet cpus);

    /** The CPUs the calling thread may run on; empty when unknown. */
    BitSet currentThreadAffinity();

    /** The CPU the calling thread is running on right now, or -1 when unknown. */
    int currentCpu();

    /**
     * The operating system's affinity: {@code sched_setaffinity}/{@code sched_getaffinity}/{@code getcpu}
     * on Linux, {@link #none()} elsewhere or when those calls cannot be linked.
     */
    static Affinity system() {
        return LinuxAffinity.SYSTEM;
    }

    /** Applies nothing: pinning returns {@code false}, queries return empty / -1. */
    static Affinity none() {
        return NoAffinity.INSTANCE;
    }

    /** Records pin requests without applying them, for tests that simulate another machine. */
    static RecordingAffinity recording() {
        return new RecordingAffinity();
    }
}
