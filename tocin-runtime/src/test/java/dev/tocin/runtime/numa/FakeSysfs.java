package dev.tocin.runtime.numa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a small sysfs tree under a temporary root, file by file. */
final class FakeSysfs {
    final Path root;

    FakeSysfs(Path root) {
        this.root = root;
    }

    /** Writes {@code text} (exactly, no newline added) to {@code root/relative}. */
    FakeSysfs write(String relative, String text) {
        return write(relative, text.getBytes(StandardCharsets.US_ASCII));
    }

    FakeSysfs write(String relative, byte[] content) {
        try {
            var file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeSysfs mkdir(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** CPUs {@code 0..n-1} online, each its own core, all in one package. */
    FakeSysfs cpus(int n) {
        write("sys/devices/system/cpu/online", "0-" + (n - 1) + "\n");
        for (int cpu = 0; cpu < n; cpu++) {
            var topology = "sys/devices/system/cpu/cpu" + cpu + "/topology/";
            write(topology + "thread_siblings_list", cpu + "\n");
            write(topology + "core_siblings_list", "0-" + (n - 1) + "\n");
            write(topology + "core_id", cpu + "\n");
            write(topology + "physical_package_id", "0\n");
        }
        return this;
    }

    /** A node folder with a cpulist, a distance row and a meminfo of {@code kb} kB. */
    FakeSysfs node(int id, String cpulist, String distance, long kb) {
        var dir = "sys/devices/system/node/node" + id + "/";
        write(dir + "cpulist", cpulist + "\n");
        write(dir + "distance", distance + "\n");
        write(dir + "meminfo", "Node " + id + " MemTotal:       " + kb + " kB\nNode " + id
                + " MemFree:        1 kB\n");
        return this;
    }

    NumaTopology read() {
        return NumaTopology.read(root);
    }
}
