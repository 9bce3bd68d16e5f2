package dev.tocin.runtime.numa;

/** Windows topology through GetLogicalProcessorInformationEx (FFM). */
final class WindowsTopology {
    private WindowsTopology() {
    }

    static NumaTopology detect() {
        return NumaTopology.singleNode(Runtime.getRuntime().availableProcessors(),
                "Windows topology detection is not implemented yet; assuming one node");
    }
}
