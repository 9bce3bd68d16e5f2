package dev.tocin.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaTopology;
import java.util.BitSet;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress on the real idle/wake protocol ({@link LevelQueues#offer}, {@link IdleWorkers#wake}, {@link Worker#announceIdle},
 * {@link Worker#hasVisibleWork}): a fiber queued from outside while the last worker goes idle.
 * Either the producer wakes the worker or the worker's re-check sees the entry; neither is a lost
 * wake-up (the worker would park with work queued).
 */
@JCStressTest
@Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "woken, or the re-check saw the entry")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up")
@State
public class WakeUpStress {
    /** Never started: it only holds the idle count and the settings a worker reads. One per state, so counts do not leak. */
    final LightweightScheduler scheduler = LightweightScheduler.builder().workers(1)
            .topology(NumaTopology.singleNode(1)).affinity(Affinity.none()).name("wake-up-stress").build();
    final PlacementNode node = new PlacementNode(null, 0, 0, new BitSet());
    final PlacementNode[] nodes = {node};
    final Worker worker = new Worker(scheduler, 0, node, false);
    final Fiber<?> fiber = QueueStressFibers.fiber();

    public WakeUpStress() {
        node.add(worker);
    }

    /**
     * A fiber from outside, as {@code FiberPlacement.enqueue} queues it: on the node's shared queue
     * (whose offer ends with the protocol's full fence), then {@code wake} without a second fence.
     */
    @Actor
    public void producer(II_Result r) {
        node.inject.offer(fiber.level(), fiber);
        r.r1 = scheduler.idle.wake(node, nodes) ? 1 : 0;
    }

    /** The worker found nothing, announces itself idle and re-checks before it would park. */
    @Actor
    public void goingIdle(II_Result r) {
        worker.announceIdle();
        r.r2 = worker.hasVisibleWork(node) ? 1 : 0;
    }
}
