package dev.tocin.runtime.numa;

/**
 * One online logical CPU (a processing unit, "PU" in hwloc's words).
 *
 * @param id the operating system's CPU number, as used by affinity masks
 * @param core the machine-wide index of its physical core ({@code 0 .. cores()-1}, numbered in order of
 *     each core's lowest CPU id); CPUs with the same core are SMT siblings (hyper-threads)
 * @param packageId the machine-wide index of its package / socket ({@code 0 .. packages()-1}, numbered
 *     in order of each package's lowest CPU id); not the firmware's {@code physical_package_id}, which
 *     can be -1 or sparse
 * @param node the id of the NUMA node it belongs to
 */
public record CpuInfo(int id, int core, int packageId, int node) {
}
