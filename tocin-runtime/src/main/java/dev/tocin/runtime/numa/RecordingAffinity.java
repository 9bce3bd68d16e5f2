package dev.tocin.runtime.numa;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link Affinity} that applies nothing and remembers every pin request, so tests can run a
 * scheduler on a simulated topology and check which thread was pinned where. Thread-safe.
 *
 * <p>Queries answer from the recording: {@link #currentThreadAffinity()} is the calling thread's last
 * pinned set (empty if never pinned) and {@link #currentCpu()} its lowest CPU (-1 if never pinned).
 */
public final class RecordingAffinity implements Affinity {
    /** One {@link #pinCurrentThread(BitSet)} call. */
    public record Pin(Thread thread, BitSet cpus) {
        public Pin {
            cpus = (BitSet) cpus.clone();
        }

        @Override
        public BitSet cpus() {
            return (BitSet) cpus.clone();
        }
    }

    private final List<Pin> pins = new CopyOnWriteArrayList<>();
    private final Map<Thread, BitSet> current = new ConcurrentHashMap<>();

    RecordingAffinity() {
    }

    @Override
    public boolean pinCurrentThread(BitSet cpus) {
        var pin = new Pin(Thread.currentThread(), cpus);
        pins.add(pin);
        current.put(pin.thread(), pin.cpus());
        return !cpus.isEmpty();
    }

    @Override
    public BitSet currentThreadAffinity() {
        var cpus = current.get(Thread.currentThread());
        return cpus == null ? new BitSet() : (BitSet) cpus.clone();
    }

    @Override
    public int currentCpu() {
        var cpus = current.get(Thread.currentThread());
        return cpus == null ? -1 : cpus.nextSetBit(0);
    }

    /** Every pin request so far, in the order they were made. */
    public List<Pin> pins() {
        return List.copyOf(pins);
    }

    /** The last set a thread was pinned to. */
    public Optional<BitSet> pinnedCpus(Thread thread) {
        return Optional.ofNullable(current.get(thread)).map(b -> (BitSet) b.clone());
    }

    @Override
    public String toString() {
        return "Affinity.recording()[" + pins.size() + " pins]";
    }
}
