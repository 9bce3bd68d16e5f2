package dev.tocin.runtime.numa;

import java.nio.file.Path;

/** Reads Linux sysfs topology. */
final class SysfsTopologyReader {
    private SysfsTopologyReader() {
    }

    static NumaTopology read(Path root) {
        return NumaTopology.singleNode(Runtime.getRuntime().availableProcessors(),
                "sysfs topology reading is not implemented yet; assuming one node");
    }
}
