package dev.tocin.bench.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The suite's output is well formed: every workload has Tocin and each of its peers, comparably. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SchedulerSuiteTest {
    private static List<BenchResult> results;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void runTinySuite() throws Exception {
        results = new SchedulerSuite(Sizes.tiny()).run(new BenchOptions(true), progress::add);
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(BenchSuite.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("scheduler")).toList()).hasSize(1);
    }

    @Test
    void everyWorkloadHasTocinAndItsPeers() {
        var go = GoSkynet.findGo().isPresent();
        assertImpls("spawn-external-1k", Set.of("tocin", "ForkJoinPool", "TPE+PBQ", "virtual-threads"));
        assertImpls("spawn-internal-1k", Set.of("tocin", "ForkJoinPool", "TPE+PBQ", "virtual-threads"));
        assertImpls("skynet-1k", go ? Set.of("tocin", "virtual-threads", "go") : Set.of("tocin", "virtual-threads"));
        assertImpls("pingpong-100", Set.of("tocin", "virtual-threads"));
        assertImplsStartWith("critical-latency-p50-50us-background", Set.of("tocin", "TPE+PBQ", "ForkJoinPool"));
        assertImplsStartWith("critical-latency-p99-50us-background", Set.of("tocin", "TPE+PBQ", "ForkJoinPool"));
        assertImplsStartWith("starvation-background-start",
                Set.of("tocin", "TPE+PBQ", "ForkJoinPool", "virtual-threads"));
        assertImpls("heap-per-parked-1k", Set.of("tocin", "virtual-threads"));
        assertImpls("numa-cost-spawn-external-1k", Set.of("tocin", SchedulerSuite.NUMA_UNAWARE));
        assertImpls("numa-cost-skynet-1k", Set.of("tocin", SchedulerSuite.NUMA_UNAWARE));
        assertThat(results.stream().map(BenchResult::name).collect(Collectors.toSet())).hasSize(10);
    }

    @Test
    void everyPeerIsComparableWithTocin() {
        for (var peer : results) {
            var ours = results.stream().filter(r -> r.isTocin() && r.name().equals(peer.name())).toList();
            assertThat(ours).as(peer.name()).hasSize(1);
            assertThat(peer.suite()).isEqualTo("scheduler");
            assertThat(peer.value()).as(peer.name() + " " + peer.impl()).isFinite();
            if (!peer.name().startsWith("heap-per-parked")) {
                assertThat(peer.value()).as(peer.name() + " " + peer.impl()).isPositive();
                assertThat(ours.getFirst().advantageOver(peer)).isFinite().isPositive();
            }
        }
    }

    @Test
    void strictPrioritiesAreReportedAsNotFinishingTheStarvationWorkload() {
        var pool = results.stream().filter(r -> r.name().equals("starvation-background-start")
                && r.impl().startsWith("TPE+PBQ")).toList();
        assertThat(pool).singleElement().satisfies(r -> {
            assertThat(r.impl()).isEqualTo(SchedulerSuite.notFinished("TPE+PBQ", 200));
            assertThat(r.value()).isEqualTo(200.0);
        });
    }

    @Test
    void reportsProgress() {
        assertThat(progress).isNotEmpty().allSatisfy(line -> assertThat(line).isNotBlank().doesNotContain("\n"));
    }

    private static void assertImpls(String workload, Set<String> expected) {
        assertThat(implsOf(workload)).as(workload).isEqualTo(new TreeSet<>(expected));
    }

    private static void assertImplsStartWith(String workload, Set<String> expected) {
        var impls = implsOf(workload);
        assertThat(impls).as(workload).hasSameSizeAs(expected);
        for (var name : expected) {
            assertThat(impls).as(workload).anySatisfy(impl -> assertThat(impl).startsWith(name));
        }
    }

    private static Set<String> implsOf(String workload) {
        return results.stream().filter(r -> r.name().equals(workload)).map(BenchResult::impl)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
