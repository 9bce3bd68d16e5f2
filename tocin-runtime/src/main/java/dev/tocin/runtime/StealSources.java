package dev.tocin.runtime;

import java.util.ArrayList;

/**
 * Whom a worker steals from, in order: the other workers of its node (starting after itself, so
 * that stealers spread out), then each other node nearest first, its shared queues and then its
 * workers. Rebuilt only when the scheduler's layout of workers on nodes changes.
 */
final class StealSources {
    /** One victim: its queues, its node and its name for the JFR event. */
    record Source(LevelQueues queues, PlacementNode node, String victim) {
    }

    private Source[] sources = new Source[0];
    private int layout = -1;

    /** The victims of {@code self}, a worker on node {@code n}; on {@code self}'s thread only. */
    Source[] of(Worker self, PlacementNode n) {
        int now = self.scheduler.layoutVersion();
        if (now == layout) {
            return sources;
        }
        var built = new ArrayList<Source>();
        var mates = n.workers();
        int me = 0;
        for (int i = 0; i < mates.length; i++) {
            if (mates[i] == self) {
                me = i;
            }
        }
        for (int k = 1; k <= mates.length; k++) {
            var w = mates[(me + k) % mates.length];
            if (w != self) {
                built.add(new Source(w.local, n, "worker-" + w.index));
            }
        }
        for (var other : n.byDistance) {
            built.add(new Source(other.inject, other, "node-" + other.id));
            for (var w : other.workers()) {
                built.add(new Source(w.local, other, "worker-" + w.index));
            }
        }
        sources = built.toArray(Source[]::new);
        layout = now;
        return sources;
    }
}
