package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocin.runtime.Fiber.Priority;
import dev.tocin.runtime.numa.Affinity;
import dev.tocin.runtime.numa.NumaNode;
import dev.tocin.runtime.numa.NumaTopology;
import dev.tocin.runtime.numa.RecordingAffinity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** NUMA placement on real machines' topologies (hwloc fixtures), with pinning recorded rather than applied. */
class NumaPlacementTest {
    private static final Path FIXTURES = Path.of(System.getProperty("user.dir"))
            .resolve("../../shared/fixtures/topology").normalize();
    private static final NumaTopology EIGHT_NODES = NumaTopology.read(FIXTURES.resolve("16amd64-8n2c"));
    private static final NumaTopology SPARSE = NumaTopology.read(FIXTURES.resolve("48amd64-4pa2n6c-sparse"));

    private static LightweightScheduler aware(NumaTopology topology, int workers, RecordingAffinity affinity) {
        var s = LightweightScheduler.builder().workers(workers).topology(topology).affinity(affinity)
                .agingBound(Duration.ofHours(1)).build();
        s.enableNUMAAwareness(true);
        return s;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static BitSet bits(int... cpus) {
        var set = new BitSet();
        for (int c : cpus) {
            set.set(c);
        }
        return set;
    }

    @Test
    void fixtureTopologiesAreRealMultiNodeMachines() {
        assertThat(EIGHT_NODES.nodes()).hasSize(8);
        assertThat(SPARSE.nodes()).extracting(NumaNode::id).containsExactly(0, 1, 2, 33, 34, 45, 72, 73);
    }

    @Test
    void workersAreSpreadInProportionToCpusAndPinnedToTheirNode() {
        var affinity = Affinity.recording();
        try (var s = aware(EIGHT_NODES, 16, affinity)) {
            s.start();
            for (var node : EIGHT_NODES.nodes()) {
                s.goOnNode(node.id(), Priority.NORMAL, () -> { }).join(); // every node's workers are running
            }
            await(() -> affinity.pins().size() == 16, "all 16 workers pinned");
            var stats = s.getStats();
            assertThat(stats.numaAware()).isTrue();
            assertThat(stats.numNUMANodes()).isEqualTo(8);
            assertThat(stats.nodes()).extracting(SchedulerStats.NodeStats::workers).containsOnly(2);
            for (var pin : affinity.pins()) {
                var w = (Worker) pin.thread();
                var node = EIGHT_NODES.node(w.node.id).orElseThrow();
                assertThat(pin.cpus()).isEqualTo(bits(node.cpus().stream().mapToInt(Integer::intValue).toArray()));
            }
        }
    }

    @Test
    void sharesFollowCpuCountsWithLargestRemainders() {
        var nodes = List.of(new NumaNode(0, List.of(0, 1, 2, 3), 0, List.of()),
                new NumaNode(1, List.of(4, 5), 0, List.of()), new NumaNode(2, List.of(6, 7), 0, List.of()));
        assertThat(WorkerLayout.proportionalShares(4, nodes)).containsExactly(2, 1, 1);
        assertThat(WorkerLayout.proportionalShares(3, nodes)).containsExactly(1, 1, 1);
        assertThat(WorkerLayout.proportionalShares(8, nodes)).containsExactly(4, 2, 2);
        assertThat(WorkerLayout.proportionalShares(1, nodes)).containsExactly(1, 0, 0);
    }

    @Test
    void goOnNodeRunsOnlyOnThatNodesWorkersAndStatsCountIt() {
        try (var s = aware(EIGHT_NODES, 8, Affinity.recording())) {
            s.start();
            var ranOn = new ConcurrentHashMap<Integer, ConcurrentLinkedQueue<Integer>>();
            for (int round = 0; round < 20; round++) {
                for (var node : EIGHT_NODES.nodes()) {
                    int id = node.id();
                    s.goOnNode(id, Priority.of(round % 5), () -> {
                        ranOn.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(Worker.current().node.id);
                    });
                }
            }
            s.waitAll();
            assertThat(ranOn).hasSize(8);
            ranOn.forEach((node, workers) -> assertThat(workers).hasSize(20).containsOnly(node));
            assertThat(s.getStats().nodes()).allSatisfy(n -> assertThat(n.fibersRun()).isEqualTo(20));
        }
    }

    @Test
    void fibersStartedByAFiberArePlacedOnItsNodeAndOutsideOnesSpreadOverNodes() {
        try (var s = aware(EIGHT_NODES, 8, Affinity.recording())) {
            var outside = new ArrayList<Fiber<?>>();
            for (int i = 0; i < 800; i++) {
                outside.add(s.go(() -> { }));
            }
            s.start();
            var children = s.goOnNode(5, Priority.NORMAL, () -> {
                var started = new ArrayList<Fiber<?>>();
                for (int i = 0; i < 50; i++) {
                    started.add(s.go(() -> { }));
                }
                return started;
            }).join();
            s.waitAll();
            assertThat(children).allSatisfy(f -> assertThat(f.home().id).isEqualTo(5));
            Map<Integer, Long> perNode = outside.stream().collect(Collectors.groupingBy(f -> f.home().id, Collectors.counting()));
            // Placed before any worker runs, each on the node with the shortest queue: 100 each.
            assertThat(perNode).hasSize(8);
            assertThat(perNode.values()).containsOnly(100L);
        }
    }

    @Test
    void anIdleWorkerStealsFromNearerNodesFirst() throws Exception {
        // 8 nodes with 6 CPUs each and uneven distances: one worker per node.
        try (var s = aware(SPARSE, 8, Affinity.recording())) {
            s.start();
            var ids = SPARSE.nodes().stream().map(NumaNode::id).toList();
            var entered = new CountDownLatch(ids.size());
            var placed = new CountDownLatch(ids.size() - 1);
            var markersDone = new CountDownLatch(ids.size() - 1);
            var order = new ConcurrentLinkedQueue<Integer>();
            var thief = new ConcurrentLinkedQueue<Integer>();
            s.goOnNode(0, Priority.CRITICAL, () -> {
                entered.countDown();
                while (placed.getCount() > 0) {
                    Thread.onSpinWait(); // hold node 0's only worker until every marker is queued
                }
            });
            for (int id : ids.subList(1, ids.size())) {
                s.goOnNode(id, Priority.CRITICAL, () -> {
                    entered.countDown();
                    while (entered.getCount() > 0) {
                        Thread.onSpinWait(); // no marker is queued before every other worker is busy
                    }
                    s.go(() -> {
                        thief.add(Worker.current().node.id);
                        order.add(id);
                        markersDone.countDown();
                    });
                    placed.countDown();
                    while (markersDone.getCount() > 0) {
                        Thread.onSpinWait(); // this node's worker stays busy: only node 0's can run the marker
                    }
                });
            }
            assertThat(s.waitAll(Duration.ofSeconds(120))).isTrue();
            var byDistance = ids.subList(1, ids.size()).stream()
                    .sorted(java.util.Comparator.<Integer>comparingInt(id -> SPARSE.distance(0, id).orElseThrow()).thenComparing(id -> id))
                    .toList();
            assertThat(byDistance).containsExactly(1, 2, 34, 72, 33, 45, 73);
            assertThat(order).containsExactlyElementsOf(byDistance);
            assertThat(thief).containsOnly(0);
            var node0 = s.getStats().nodes().stream().filter(n -> n.id() == 0).findFirst().orElseThrow();
            assertThat(node0.remoteSteals()).isEqualTo(7);
            assertThat(node0.localSteals()).isZero();
        }
    }

    @Test
    void setWorkerAffinityNamesTheValidChoices() {
        try (var s = aware(EIGHT_NODES, 4, Affinity.recording())) {
            assertThatThrownBy(() -> s.setWorkerAffinity(4, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown worker 4").hasMessageContaining("0..3");
            assertThatThrownBy(() -> s.setWorkerAffinity(0, 0, 9)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown NUMA node 9").hasMessageContaining("[0, 1, 2, 3, 4, 5, 6, 7]");
            assertThatThrownBy(() -> s.setWorkerAffinity(0, 99, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CPU 99 is not an online CPU").hasMessageContaining("0, 1, 2");
            assertThatThrownBy(() -> s.setWorkerAffinity(0, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CPU 5 is not in NUMA node 0").hasMessageContaining("[0, 1]")
                    .hasMessageContaining("CPU 5 is in node 2");
            assertThatThrownBy(() -> s.goOnNode(8, Priority.NORMAL, () -> { })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown NUMA node 8");
        }
    }

    @Test
    void workerAffinityAppliesAtStartAndAtTheNextSchedulingPoint() {
        var affinity = Affinity.recording();
        try (var s = aware(EIGHT_NODES, 8, affinity)) {
            s.setWorkerAffinity(2, 5, 2);
            s.start();
            await(() -> affinity.pins().size() == 8, "8 workers pinned at start");
            var worker2 = affinity.pins().stream().filter(p -> ((Worker) p.thread()).index == 2).findFirst().orElseThrow();
            assertThat(worker2.cpus()).isEqualTo(bits(5));
            // Worker 0 (node 0) moves to CPU 15 of node 7 while running.
            s.setWorkerAffinity(0, 15, 7);
            await(() -> affinity.pins().stream().anyMatch(p -> p.cpus().equals(bits(15))), "worker 0 re-pinned");
            await(() -> s.getStats().nodes().stream().filter(n -> n.id() == 7).findFirst().orElseThrow().workers() == 2,
                    "worker 0 moved to node 7");
            var ranOn = new AtomicInteger(-1);
            s.goOnNode(7, Priority.NORMAL, () -> ranOn.set(Worker.current().node.id)).join();
            assertThat(ranOn).hasValue(7);
        }
    }

    @Test
    void awarenessIsFixedAtStart() {
        try (var s = aware(EIGHT_NODES, 2, Affinity.recording())) {
            s.start();
            assertThatThrownBy(() -> s.enableNUMAAwareness(false)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("before start()");
        }
    }

    @Test
    void withoutAwarenessOneGroupServesEveryNodeAndNothingIsPinned() {
        var affinity = Affinity.recording();
        try (var s = LightweightScheduler.builder().workers(4).topology(EIGHT_NODES).affinity(affinity).build()) {
            s.start();
            assertThat(s.goOnNode(6, Priority.HIGH, () -> 1).join()).isEqualTo(1);
            var stats = s.getStats();
            assertThat(stats.numaAware()).isFalse();
            assertThat(stats.numNUMANodes()).isEqualTo(8);
            assertThat(stats.nodes()).singleElement().satisfies(n -> assertThat(n.workers()).isEqualTo(4));
            assertThat(affinity.pins()).isEmpty();
        }
    }
}
