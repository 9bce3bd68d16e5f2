package dev.tocin.cli;

import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tocin topology}: the NUMA layout the scheduler sees, as {@code numactl --hardware} prints it. */
@Command(
        name = "topology",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the NUMA topology: nodes, their CPUs and memory, the distance matrix, and the counts of",
            "logical CPUs (PUs), cores and packages. A fallback to one node is explained on stderr."
        })
final class TopologyCommand implements Callable<Integer> {
    private static final long MIB = 1024 * 1024;
    private static final String CPU_DIR = "sys/devices/system/cpu";

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "read a Linux sysfs snapshot: DIR/sys/devices/system/{node,cpu} (default: detect this machine)")
    Path root;

    @Option(names = "--json", description = "one JSON object: numaNodes, distances, pus, cores, packages")
    boolean json;

    @Override
    public Integer call() {
        if (root != null && !Files.isDirectory(root)) {
            throw new ParameterException(spec.commandLine(), "--root: not a directory: " + root.toAbsolutePath());
        }
        if (root != null && !Files.isDirectory(root.resolve(CPU_DIR))) {
            // an empty or wrong folder would otherwise silently describe this machine's CPU count
            throw new ParameterException(spec.commandLine(), "--root: no Linux sysfs snapshot in " + root.toAbsolutePath()
                    + " (" + root.resolve(CPU_DIR).toAbsolutePath() + " does not exist)");
        }
        var topology = root == null ? NumaTopology.detect() : NumaTopology.read(root);
        topology.fallbackReason().ifPresent(reason -> spec.commandLine().getErr()
                .println("tocin topology: warning: using one node holding every CPU: " + reason));
        var out = spec.commandLine().getOut();
        out.print(json ? json(topology) : table(topology));
        out.flush();
        return 0;
    }

    static String json(NumaTopology topology) {
        var nodes = topology.nodes().stream()
                .map(n -> "{\"id\":" + n.id() + ",\"cpus\":" + array(n.cpus()) + ",\"memoryBytes\":" + n.memoryBytes() + "}")
                .collect(Collectors.joining(",", "[", "]"));
        var distances = distancesKnown(topology)
                ? topology.nodes().stream().map(n -> array(n.distances())).collect(Collectors.joining(",", "[", "]"))
                : "null";
        return "{\"numaNodes\":" + nodes + ",\"distances\":" + distances + ",\"pus\":" + topology.pus()
                + ",\"cores\":" + topology.cores() + ",\"packages\":" + topology.packages() + "}\n";
    }

    static String table(NumaTopology topology) {
        var nodes = topology.nodes();
        var sb = new StringBuilder();
        sb.append("available: ").append(nodes.size()).append(nodes.size() == 1 ? " node (" : " nodes (")
                .append(ranges(nodes.stream().map(NumaNode::id).toList())).append(")\n");
        for (var node : nodes) {
            sb.append("node ").append(node.id()).append(" cpus:");
            node.cpus().forEach(cpu -> sb.append(' ').append(cpu));
            sb.append('\n');
            sb.append("node ").append(node.id()).append(" size: ")
                    .append(node.memoryBytes() == 0 ? "unknown" : node.memoryBytes() / MIB + " MB").append('\n');
        }
        if (distancesKnown(topology)) {
            int width = Math.max(3, nodes.stream().mapToInt(n -> String.valueOf(n.id()).length()).max().orElse(1));
            sb.append("node distances:\nnode ");
            nodes.forEach(n -> sb.append(pad(n.id(), width + 1)));
            sb.append('\n');
            for (var from : nodes) {
                sb.append(pad(from.id(), 3)).append(':');
                from.distances().forEach(d -> sb.append(pad(d, width + 1)));
                sb.append('\n');
            }
        } else {
            sb.append("node distances: unknown\n");
        }
        sb.append("pus: ").append(topology.pus()).append(", cores: ").append(topology.cores())
                .append(", packages: ").append(topology.packages()).append('\n');
        return sb.toString();
    }

    private static boolean distancesKnown(NumaTopology topology) {
        return topology.nodes().stream().noneMatch(n -> n.distances().isEmpty());
    }

    private static String array(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    private static String pad(int value, int width) {
        var s = String.valueOf(value);
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** {@code 0-2,33-34,45} for sorted ids. */
    private static String ranges(List<Integer> ids) {
        var sb = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            int start = ids.get(i);
            while (i + 1 < ids.size() && ids.get(i + 1) == ids.get(i) + 1) {
                i++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start == ids.get(i) ? String.valueOf(start) : start + "-" + ids.get(i));
        }
        return sb.toString();
    }
}
