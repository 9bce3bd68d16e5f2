package dev.tocin.runtime.numa;

import java.util.BitSet;

/** The affinity of a platform without a supported affinity API: nothing is ever applied. */
enum NoAffinity implements Affinity {
    INSTANCE;

    @Override
    public boolean pinCurrentThread(BitSet cpus) {
        return false;
    }

    @Override
    public BitSet currentThreadAffinity() {
        return new BitSet();
    }

    @Override
    public int currentCpu() {
        return -1;
    }

    @Override
    public String toString() {
        return "Affinity.none()";
    }
}
