package dev.tocin.runtime.numa;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the Linux topology from {@code sys/devices/system/{cpu,node}} under a root folder.
 *
 * <p>Rules (the same conclusions as hwloc's Linux backend):
 * <ul>
 *   <li>Online CPUs: {@code cpu/online}, or every {@code cpu/cpuN} folder where that file is missing;
 *       minus CPUs whose {@code cpuN/online} says 0.</li>
 *   <li>A core is a set of SMT siblings ({@code core_cpus_list} / {@code thread_siblings(_list)}), a
 *       package a set of {@code package_cpus_list} / {@code core_siblings(_list)}; only where those are
 *       missing do {@code core_id} / {@code physical_package_id} decide. {@code core_id} alone is not
 *       unique: it repeats across packages and even within one (AMD multi-node packages).</li>
 *   <li>Nodes: {@code node/nodeN} folders (ids may be sparse), CPUs from {@code cpulist}, else the hex
 *       {@code cpumap}; offline CPUs dropped; memory-only nodes kept.</li>
 *   <li>No {@code node} folder (a kernel without NUMA): one node 0 with every online CPU. That is the
 *       machine's real layout, so it is not reported as a fallback.</li>
 *   <li>Nodes that share a CPU, an online CPU in no node, or a node whose CPU list is missing, unreadable
 *       or malformed: one node 0 with every online CPU, and the reason in
 *       {@link NumaTopology#fallbackReason()} and a warning.</li>
 *   <li>Distances: each {@code nodeN/distance} row lists the distances to every node in id order. With a
 *       single node they are reported unknown, as hwloc does.</li>
 *   <li>Distances and memory sizes do not affect placement correctness: if they are missing or malformed
 *       they are reported unknown (a logged warning), the nodes are kept.</li>
 * </ul>
 */
final class SysfsTopologyReader {
    private static final System.Logger LOG = System.getLogger(SysfsTopologyReader.class.getName());
    private static final Pattern NODE_DIR = Pattern.compile("node(\\d{1,6})");
    private static final Pattern CPU_DIR = Pattern.compile("cpu(\\d{1,6})");
    private static final Pattern MEM_TOTAL = Pattern.compile("MemTotal:\\s*(\\d{1,18})\\s*kB");

    private final Path cpuDir;
    private final Path nodeDir;
    private final Path procMeminfo;
    private final List<String> warnings = new ArrayList<>();

    private SysfsTopologyReader(Path root) {
        var system = root.resolve("sys/devices/system");
        cpuDir = system.resolve("cpu");
        nodeDir = system.resolve("node");
        procMeminfo = root.resolve("proc/meminfo");
    }

    static NumaTopology read(Path root) {
        var reader = new SysfsTopologyReader(root);
        try {
            return reader.read();
        } catch (RuntimeException e) {
            // a bug here must not take down a scheduler that only wanted a hint about the machine
            var why = "unexpected error reading the topology under " + root + ": " + e;
            LOG.log(System.Logger.Level.ERROR, why, e);
            return NumaTopology.singleNode(Runtime.getRuntime().availableProcessors(), why);
        } finally {
            reader.warnings.forEach(w -> LOG.log(System.Logger.Level.WARNING, "NUMA topology: {0}", w));
        }
    }

    private sealed interface Key {
    }

    /** A group of CPUs named by the lowest CPU of its sibling set. */
    private record Leader(int cpu) implements Key {
    }

    private record FirmwareIds(int packageId, int coreId) implements Key {
    }

    private record Alone(int cpu) implements Key {
    }

    private record UnknownPackage() implements Key {
    }

    private record RawNode(int id, BitSet cpus, long memoryBytes, Optional<List<Integer>> distances) {
    }

    private NumaTopology read() {
        String reason = null;
        BitSet online;
        try {
            online = onlineCpus();
        } catch (TopologyDataException e) {
            reason = e.getMessage();
            online = cpusFromFolders();
        }
        if (online.isEmpty()) {
            var why = "no online CPUs found under " + cpuDir + (reason == null ? "" : " (" + reason + ")");
            LOG.log(System.Logger.Level.WARNING, "NUMA topology: {0}; assuming one node with {1} CPUs", why,
                    Runtime.getRuntime().availableProcessors());
            return NumaTopology.singleNode(Runtime.getRuntime().availableProcessors(), why);
        }
        var coreOf = indexes(online, this::coreKey);
        var packageOf = indexes(online, this::packageKey);

        List<NumaNode> nodes;
        if (reason == null) {
            try {
                nodes = nodes(online);
            } catch (TopologyDataException e) {
                reason = e.getMessage();
                nodes = null;
            }
        } else {
            nodes = null;
        }
        return TopologyAssembly.assemble(online, nodes, reason, coreOf::get, packageOf::get,
                nodes == null ? systemMemory() : 0, nodeDir.getParent());
    }

    private BitSet onlineCpus() throws TopologyDataException {
        var file = cpuDir.resolve("online");
        var text = SysfsText.readIfExists(file);
        BitSet online = text.isPresent() ? SysfsText.parseList(text.get(), file) : cpusFromFolders();
        if (text.isPresent() && online.isEmpty()) {
            throw new TopologyDataException(file + " lists no CPUs");
        }
        for (int cpu = online.nextSetBit(0); cpu >= 0; cpu = online.nextSetBit(cpu + 1)) {
            var cpuOnline = cpuDir.resolve("cpu" + cpu).resolve("online");
            var flag = SysfsText.readIfExists(cpuOnline);
            if (flag.isPresent()) {
                switch (flag.get()) {
                    case "0" -> online.clear(cpu);
                    case "1", "" -> { } // empty: online, as hwloc reads it (some kernels and copied trees)
                    default -> throw new TopologyDataException(cpuOnline + ": expected 0 or 1, found "
                            + SysfsText.quote(flag.get()));
                }
            }
        }
        return online;
    }

    /** CPUs with a {@code cpuN} folder, minus those whose {@code online} file says 0. */
    private BitSet cpusFromFolders() {
        var cpus = new BitSet();
        TreeMap<Integer, Path> folders;
        try {
            folders = numberedFolders(cpuDir, CPU_DIR);
        } catch (TopologyDataException e) {
            warnings.add(e.getMessage());
            return cpus;
        }
        for (var id : folders.keySet()) {
            try {
                if (!"0".equals(SysfsText.readIfExists(cpuDir.resolve("cpu" + id).resolve("online")).orElse("1"))) {
                    cpus.set(id);
                }
            } catch (TopologyDataException e) {
                warnings.add(e.getMessage() + "; counting CPU " + id + " as online");
                cpus.set(id);
            }
        }
        return cpus;
    }

    private Map<Integer, Integer> indexes(BitSet online, KeyFunction key) {
        var indexByKey = new HashMap<Key, Integer>();
        var indexByCpu = new HashMap<Integer, Integer>();
        online.stream().forEach(cpu -> indexByCpu.put(cpu,
                indexByKey.computeIfAbsent(key.of(cpu, online), k -> indexByKey.size())));
        return indexByCpu;
    }

    @FunctionalInterface
    private interface KeyFunction {
        Key of(int cpu, BitSet online);
    }

    private Key coreKey(int cpu, BitSet online) {
        var topology = cpuDir.resolve("cpu" + cpu).resolve("topology");
        try {
            var siblings = siblingSet(topology, "core_cpus_list", "thread_siblings_list", "core_cpus",
                    "thread_siblings");
            if (siblings.isPresent()) {
                return leader(cpu, siblings.get(), online);
            }
            var packageId = firmwareId(topology.resolve("physical_package_id"));
            var coreId = firmwareId(topology.resolve("core_id"));
            if (coreId.isPresent() && coreId.get() >= 0) {
                return new FirmwareIds(packageId.orElse(-1), coreId.get());
            }
        } catch (TopologyDataException e) {
            warnings.add(e.getMessage() + "; counting CPU " + cpu + " as a core of its own");
        }
        return new Alone(cpu);
    }

    private Key packageKey(int cpu, BitSet online) {
        var topology = cpuDir.resolve("cpu" + cpu).resolve("topology");
        try {
            var siblings = siblingSet(topology, "package_cpus_list", "core_siblings_list", "package_cpus",
                    "core_siblings");
            if (siblings.isPresent()) {
                return leader(cpu, siblings.get(), online);
            }
            var packageId = firmwareId(topology.resolve("physical_package_id"));
            if (packageId.isPresent() && packageId.get() >= 0) {
                return new FirmwareIds(packageId.get(), -1);
            }
        } catch (TopologyDataException e) {
            warnings.add(e.getMessage() + "; CPU " + cpu + " counted in an unknown package");
        }
        return new UnknownPackage();
    }

    private static Leader leader(int cpu, BitSet siblings, BitSet online) {
        siblings.and(online);
        siblings.set(cpu);
        return new Leader(siblings.nextSetBit(0));
    }

    /** The first of the named files that exists, parsed as a list ({@code *_list}) or a mask. */
    private static Optional<BitSet> siblingSet(Path topology, String... names) throws TopologyDataException {
        for (var name : names) {
            var file = topology.resolve(name);
            var text = SysfsText.readIfExists(file);
            if (text.isPresent()) {
                return Optional.of(name.endsWith("_list")
                        ? SysfsText.parseList(text.get(), file)
                        : SysfsText.parseMask(text.get(), file));
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> firmwareId(Path file) throws TopologyDataException {
        var text = SysfsText.readIfExists(file);
        return text.isPresent() ? Optional.of(SysfsText.parseInt(text.get(), file)) : Optional.empty();
    }

    /** The nodes under {@code node/}, or one node with every online CPU when there is no such folder. */
    private List<NumaNode> nodes(BitSet online) throws TopologyDataException {
        var folders = numberedFolders(nodeDir, NODE_DIR);
        if (folders.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "No NUMA nodes under {0}: one node with every online CPU",
                    nodeDir);
            return List.of(new NumaNode(0, list(online), systemMemory(), List.of()));
        }
        var raw = new ArrayList<RawNode>();
        for (var entry : folders.entrySet()) {
            raw.add(rawNode(entry.getKey(), entry.getValue(), online));
        }
        var cpusByNode = new TreeMap<Integer, BitSet>();
        raw.forEach(node -> cpusByNode.put(node.id(), node.cpus()));
        TopologyAssembly.requirePartition(cpusByNode, online, nodeDir);
        // like hwloc: a single node has no meaningful distances
        boolean distancesKnown = raw.size() > 1 && raw.stream().allMatch(n -> n.distances().isPresent());
        if (distancesKnown) {
            var bad = raw.stream().filter(n -> n.distances().get().size() != raw.size()).findFirst();
            if (bad.isPresent()) {
                warnings.add(nodeDir.resolve("node" + bad.get().id()).resolve("distance") + " has "
                        + bad.get().distances().get().size() + " entries for " + raw.size()
                        + " nodes; distances unknown");
                distancesKnown = false;
            }
        }
        var nodes = new ArrayList<NumaNode>();
        for (var node : raw) {
            nodes.add(new NumaNode(node.id(), list(node.cpus()), node.memoryBytes(),
                    distancesKnown ? node.distances().get() : List.of()));
        }
        return nodes;
    }

    private RawNode rawNode(int id, Path folder, BitSet online) throws TopologyDataException {
        var cpulist = folder.resolve("cpulist");
        var cpumap = folder.resolve("cpumap");
        var listText = SysfsText.readIfExists(cpulist);
        BitSet cpus;
        if (listText.isPresent()) {
            cpus = SysfsText.parseList(listText.get(), cpulist);
        } else {
            var mapText = SysfsText.readIfExists(cpumap);
            if (mapText.isEmpty()) {
                throw new TopologyDataException(folder + " has neither cpulist nor cpumap");
            }
            cpus = SysfsText.parseMask(mapText.get(), cpumap);
        }
        cpus.and(online);
        return new RawNode(id, cpus, memory(folder.resolve("meminfo")), distances(folder.resolve("distance")));
    }

    private Optional<List<Integer>> distances(Path file) {
        try {
            var text = SysfsText.readIfExists(file);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            var row = new ArrayList<Integer>();
            for (var field : text.get().split("\\s+")) {
                int value = SysfsText.parseInt(field, file);
                if (value <= 0) {
                    throw new TopologyDataException(file + ": distance must be positive, found " + value);
                }
                row.add(value);
            }
            return Optional.of(row);
        } catch (TopologyDataException e) {
            warnings.add(e.getMessage() + "; distances unknown");
            return Optional.empty();
        }
    }

    /** MemTotal of a node's {@code meminfo} or of {@code /proc/meminfo}, 0 when unknown. */
    private long memory(Path meminfo) {
        try {
            var text = SysfsText.readIfExists(meminfo);
            if (text.isEmpty()) {
                return 0;
            }
            var matcher = MEM_TOTAL.matcher(text.get());
            if (!matcher.find()) {
                throw new TopologyDataException(meminfo + " has no 'MemTotal: <n> kB' line");
            }
            return Math.multiplyExact(Long.parseLong(matcher.group(1)), 1024L);
        } catch (TopologyDataException | ArithmeticException e) {
            warnings.add(e.getMessage() + "; memory size unknown");
            return 0;
        }
    }

    private long systemMemory() {
        return memory(procMeminfo);
    }

    /** Sub-folders named {@code <prefix><number>}, by number. */
    private static TreeMap<Integer, Path> numberedFolders(Path dir, Pattern pattern) throws TopologyDataException {
        var folders = new TreeMap<Integer, Path>();
        if (!Files.isDirectory(dir)) {
            return folders;
        }
        try (var entries = Files.newDirectoryStream(dir)) {
            for (var entry : entries) {
                var matcher = pattern.matcher(entry.getFileName().toString());
                if (matcher.matches() && Files.isDirectory(entry)) {
                    folders.put(Integer.parseInt(matcher.group(1)), entry);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new TopologyDataException("cannot list " + dir + ": " + e, e);
        }
        return folders;
    }

    private static List<Integer> list(BitSet cpus) {
        return TopologyAssembly.list(cpus);
    }
}
