package dev.tocin.runtime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/** Builds a {@link SchedulerStats} from the queues and the workers' own counters. */
final class StatsSnapshot {
    private StatsSnapshot() {
    }

    /** Queued entries per level and per node, and each node's workers' counters. */
    record Nodes(EnumMap<Fiber.Priority, Integer> queued, List<SchedulerStats.NodeStats> nodes, long steals) {
    }

    static Nodes of(TaskQueue[] pending, PlacementNode[] nodes, List<Worker> all) {
        var queued = new EnumMap<Fiber.Priority, Integer>(Fiber.Priority.class);
        for (var p : Fiber.Priority.values()) {
            queued.put(p, pending[p.value()].size());
        }
        var nodeStats = new ArrayList<SchedulerStats.NodeStats>();
        long steals = 0;
        for (var n : nodes) {
            int nodeQueued = n.sharedQueued();
            for (int level = 0; level < LightweightScheduler.LEVELS; level++) {
                queued.merge(Fiber.Priority.of(level), n.inject.size(level) + n.bound.size(level), Integer::sum);
            }
            long run = 0;
            long local = 0;
            long remote = 0;
            int count = 0;
            for (var w : all) {
                if (w.node != n) {
                    continue;
                }
                if (!w.isRetired()) {
                    count++;
                }
                run += w.fibersRun();
                local += w.localSteals();
                remote += w.remoteSteals();
                nodeQueued += w.queued();
                for (int level = 0; level < LightweightScheduler.LEVELS; level++) {
                    queued.merge(Fiber.Priority.of(level), w.local.size(level), Integer::sum);
                }
            }
            steals += local + remote;
            nodeStats.add(new SchedulerStats.NodeStats(n.id, count, run, local, remote, nodeQueued));
        }
        return new Nodes(queued, nodeStats, steals);
    }
}
