package dev.tocin.examples.scheduler;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.SchedulerStats;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * The seed guide's NUMA example: a NUMA-aware scheduler with one worker pinned by hand, a fiber
 * per node placed with {@code goOnNode}, and the per-node statistics.
 *
 * <p>Without arguments it uses this machine ({@link NumaTopology#detect()}) and really pins workers.
 * With a folder argument it reads a copy of another machine's {@code /sys} (as in
 * {@code ../shared/fixtures/topology/16amd64-8n2c}) and only records the pinning, so a multi-node
 * layout can be tried on any machine.
 */
public final class NumaExample {
    private NumaExample() {
    }

    public static void main(String[] args) {
        run(System.out, args.length > 0 ? Path.of(args[0]) : null);
    }

    static void run(PrintStream out, Path sysfsRoot) {
        var topology = sysfsRoot == null ? NumaTopology.detect() : NumaTopology.read(sysfsRoot);
        var affinity = sysfsRoot == null ? Affinity.system() : Affinity.recording();
        int workers = topology.physicalCores();
        var s = LightweightScheduler.builder().workers(workers).topology(topology).affinity(affinity).build();
        s.enableNUMAAwareness(true); // before start()
        var last = topology.nodes().stream().filter(n -> !n.cpus().isEmpty()).toList().getLast();
        s.setWorkerAffinity(0, last.cpus().getFirst(), last.id()); // validated against the topology
        s.start();

        var fibers = new ArrayList<Fiber<String>>();
        for (NumaNode node : topology.nodes()) {
            if (!node.cpus().isEmpty()) {
                fibers.add(s.goOnNode(node.id(), Fiber.Priority.NORMAL, () -> "fiber placed on node " + node.id()));
            }
        }
        fibers.forEach(f -> out.println(f.join()));
        s.waitAll();

        SchedulerStats st = s.getStats();
        out.println("System has " + st.numNUMANodes() + " NUMA node(s), " + st.totalWorkers() + " workers");
        for (var n : st.nodes()) {
            out.println("node " + n.id() + ": " + n.workers() + " worker(s), " + n.fibersRun() + " fiber(s) run");
        }
        topology.fallbackReason().ifPresent(reason -> System.err.println("topology fallback: " + reason));
        s.close();
    }
}
