package dev.tocin.bench.scheduler;

import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@code tocin bench scheduler}: Tocin's scheduler against ForkJoinPool,
 * ThreadPoolExecutor over a PriorityBlockingQueue, JDK virtual threads and (when {@code go}
 * is on PATH) Go, on spawn, skynet, ping-pong, CRITICAL latency, starvation, heap per parked
 * task and the cost of NUMA awareness. Rounds of different implementations are interleaved
 * so that load from elsewhere on the machine hits them alike; each figure is the median of
 * the measured rounds. Workload sizes are in {@link Sizes}; docs/benchmarks.md explains each.
 */
public final class SchedulerSuite implements BenchSuite {
    static final String NAME = "scheduler";
    static final String NUMA_UNAWARE = "tocin-numa-unaware";

    private final Sizes fixedSizes;

    public SchedulerSuite() {
        this(null);
    }

    /** A suite that ignores {@link BenchOptions#quick()} and runs {@code sizes} (for tests). */
    SchedulerSuite(Sizes sizes) {
        this.fixedSizes = sizes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception {
        var sizes = fixedSizes != null ? fixedSizes : options.quick() ? Sizes.quick() : Sizes.full();
        return new Run(sizes, progress).all();
    }

    /** One round of one entrant, returning its wall-clock time in nanoseconds. */
    @FunctionalInterface
    private interface Round {
        long nanos() throws Exception;
    }

    private record Entrant(String name, Round round) {
        static Entrant of(Implementation impl, int workers, ContenderRound body) {
            return new Entrant(impl.label(), () -> {
                try (var contender = impl.start(workers)) {
                    return body.nanos(contender);
                }
            });
        }
    }

    @FunctionalInterface
    private interface ContenderRound {
        long nanos(Contender contender) throws Exception;
    }

    private static final class Run {
        private final Sizes sizes;
        private final Consumer<String> progress;
        private final List<BenchResult> results = new ArrayList<>();

        Run(Sizes sizes, Consumer<String> progress) {
            this.sizes = sizes;
            this.progress = progress;
        }

        List<BenchResult> all() throws Exception {
            progress.accept(machine());
            spawn(Spawn.From.EXTERNAL);
            spawn(Spawn.From.INTERNAL);
            skynet();
            pingPong();
            criticalLatency();
            starvation();
            parkedHeap();
            numaCost();
            progress.accept(machine());
            return List.copyOf(results);
        }

        /** Figures from a shared machine mean little without its load, so the run states it at start and end. */
        private String machine() {
            var load = Path.of("/proc/loadavg");
            String loadAverage;
            try {
                loadAverage = Files.isReadable(load) ? String.join(" ", Arrays.asList(
                        Files.readString(load).strip().split("\\s+")).subList(0, 3)) : "unknown";
            } catch (IOException e) {
                loadAverage = "unreadable (" + e.getMessage() + ")";
            }
            return sizes.workers() + " workers, " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, load average " + loadAverage;
        }

        private void spawn(Spawn.From from) throws Exception {
            int tasks = sizes.spawnTasks();
            var name = "spawn-" + from.name().toLowerCase() + "-" + Sizes.count(tasks);
            var entrants = List.of(Implementation.TOCIN, Implementation.FORK_JOIN, Implementation.PRIORITY_POOL,
                            Implementation.VIRTUAL_THREADS).stream()
                    .map(impl -> Entrant.of(impl, sizes.workers(), c -> Spawn.run(c, tasks, from)))
                    .toList();
            medians(name, entrants, sizes.warmupRounds(), sizes.measuredRounds()).forEach((impl, nanos) ->
                    add(name, impl, tasks / (nanos / 1e9), "tasks/s", true));
        }

        private void skynet() throws Exception {
            int leaves = sizes.skynetLeaves();
            var name = "skynet-" + Sizes.count(leaves);
            var entrants = new ArrayList<>(List.of(Implementation.TOCIN, Implementation.VIRTUAL_THREADS).stream()
                    .map(impl -> Entrant.of(impl, sizes.workers(), c -> timed(() -> Skynet.run(c, leaves))))
                    .toList());
            var go = goSkynet();
            try {
                go.ifPresent(g -> entrants.add(new Entrant("go", () -> g.round(leaves))));
                medians(name, entrants, sizes.warmupRounds(), sizes.measuredRounds()).forEach((impl, nanos) ->
                        add(name, impl, nanos / 1e6, "ms", false));
            } finally {
                go.ifPresent(GoSkynet::close);
            }
        }

        private Optional<GoSkynet> goSkynet() throws Exception {
            var go = GoSkynet.findGo();
            if (go.isEmpty()) {
                progress.accept("skynet: `go` is not on PATH; skipping the Go peer (Debian: apt-get install golang-go)");
                return Optional.empty();
            }
            progress.accept("skynet: building the Go peer with " + go.get());
            return Optional.of(GoSkynet.build(go.get()));
        }

        private void pingPong() throws Exception {
            int trips = sizes.pingPongTrips();
            var name = "pingpong-" + Sizes.count(trips);
            var entrants = List.of(Implementation.TOCIN, Implementation.VIRTUAL_THREADS).stream()
                    .map(impl -> Entrant.of(impl, sizes.workers(), c -> PingPong.run(c, trips)))
                    .toList();
            medians(name, entrants, sizes.warmupRounds(), sizes.measuredRounds()).forEach((impl, nanos) ->
                    add(name, impl, nanos / trips, "ns/round-trip", false));
        }

        private void criticalLatency() throws Exception {
            var background = Math.round(sizes.backgroundNanos() / 1e3) + "us";
            var warmupSamples = Math.max(1, sizes.latencySamples() / 5);
            for (var impl : List.of(Implementation.TOCIN, Implementation.PRIORITY_POOL, Implementation.FORK_JOIN)) {
                CriticalLatency.Latencies latencies;
                try (var contender = impl.start(sizes.workers())) {
                    var warmup = CriticalLatency.run(contender, sizes.workers(), sizes.backgroundNanos(), warmupSamples);
                    // An implementation that never starts a CRITICAL task would only fail again, a second later.
                    latencies = warmup.finished()
                            ? CriticalLatency.run(contender, sizes.workers(), sizes.backgroundNanos(), sizes.latencySamples())
                            : warmup;
                }
                var label = impl.label();
                if (latencies.finished()) {
                    progress.accept(String.format("critical-latency (%s background): %s p50 %.1f us, p99 %.1f us "
                                    + "(%d samples)", background, label, latencies.p50Micros().getAsDouble(),
                            latencies.p99Micros().getAsDouble(), latencies.samples()));
                } else {
                    label = notFinished(label, CriticalLatency.GIVE_UP_MILLIS);
                    progress.accept("critical-latency: " + impl.label() + ": a CRITICAL task did not start within "
                            + CriticalLatency.GIVE_UP_MILLIS + " ms (after " + latencies.samples() + " samples)");
                }
                double giveUpMicros = CriticalLatency.GIVE_UP_MILLIS * 1e3;
                add("critical-latency-p50-" + background + "-background", label,
                        latencies.p50Micros().orElse(giveUpMicros), "us", false);
                add("critical-latency-p99-" + background + "-background", label,
                        latencies.p99Micros().orElse(giveUpMicros), "us", false);
            }
        }

        private void starvation() throws Exception {
            var bound = sizes.starvationBound();
            var name = "starvation-background-start";
            for (var impl : List.of(Implementation.TOCIN, Implementation.PRIORITY_POOL, Implementation.FORK_JOIN,
                    Implementation.VIRTUAL_THREADS)) {
                progress.accept(name + ": " + impl.label() + " (CRITICAL flood for up to " + bound.toMillis() + " ms)");
                OptionalLong waited;
                try (var contender = impl.start(sizes.workers())) {
                    waited = Starvation.run(contender, sizes.workers(), sizes.floodNanos(), bound);
                }
                if (waited.isPresent()) {
                    progress.accept(String.format("%s: %s started after %.1f ms", name, impl.label(),
                            waited.getAsLong() / 1e6));
                    add(name, impl.label(), waited.getAsLong() / 1e6, "ms", false);
                } else {
                    progress.accept(name + ": " + impl.label() + " never started it within " + bound.toMillis() + " ms");
                    // Tocin keeps its name so that its row stays ours; the value is the bound either way.
                    var label = impl == Implementation.TOCIN ? impl.label() : notFinished(impl.label(), bound.toMillis());
                    add(name, label, bound.toMillis(), "ms", false);
                }
            }
        }

        private void parkedHeap() throws Exception {
            int count = sizes.parkedTasks();
            var name = "heap-per-parked-" + Sizes.count(count);
            for (var impl : List.of(Implementation.TOCIN, Implementation.VIRTUAL_THREADS)) {
                // Warm-up rounds on a contender of their own: the measured one starts with fresh
                // structures (Tocin's table of live runners, say), only the JIT is warm.
                for (int r = 0; r < sizes.warmupRounds(); r++) {
                    try (var contender = impl.start(sizes.workers())) {
                        ParkedHeap.warmUp(contender, count);
                    }
                }
                double bytes;
                try (var contender = impl.start(sizes.workers())) {
                    bytes = ParkedHeap.bytesPerParkedTask(contender, count);
                }
                progress.accept(String.format("%s: %s %.0f bytes", name, impl.label(), bytes));
                add(name, impl.label(), bytes, "bytes", false);
            }
        }

        /**
         * NUMA awareness on vs off on the same spawn and skynet rounds, pair by pair; the aware
         * scheduler is reported as {@code tocin} and the unaware one as its peer, so the ratio is
         * the cost of awareness.
         */
        private void numaCost() throws Exception {
            int tasks = sizes.spawnTasks();
            int leaves = sizes.skynetLeaves();
            var spawnName = "numa-cost-spawn-external-" + Sizes.count(tasks);
            var skynetName = "numa-cost-skynet-" + Sizes.count(leaves);
            ContenderRound spawn = c -> Spawn.run(c, tasks, Spawn.From.EXTERNAL);
            ContenderRound skynet = c -> timed(() -> Skynet.run(c, leaves));
            medians(spawnName, numaPair(spawn), 1, sizes.numaRounds()).forEach((impl, nanos) ->
                    add(spawnName, impl, tasks / (nanos / 1e9), "tasks/s", true));
            medians(skynetName, numaPair(skynet), 1, sizes.numaRounds()).forEach((impl, nanos) ->
                    add(skynetName, impl, nanos / 1e6, "ms", false));
        }

        private List<Entrant> numaPair(ContenderRound body) {
            var aware = Entrant.of(Implementation.TOCIN_NUMA_AWARE, sizes.workers(), body);
            var unaware = Entrant.of(Implementation.TOCIN, sizes.workers(), body);
            return List.of(new Entrant(BenchResult.TOCIN, aware.round()), new Entrant(NUMA_UNAWARE, unaware.round()));
        }

        /**
         * Runs every entrant once per round, interleaved, in alternating order, each after a full
         * collection; returns each entrant's median of the measured rounds.
         */
        private Map<String, Double> medians(String workload, List<Entrant> entrants, int warmup, int measured)
                throws Exception {
            var nanos = new LinkedHashMap<String, long[]>();
            entrants.forEach(e -> nanos.put(e.name(), new long[measured]));
            for (int round = 0; round < warmup + measured; round++) {
                boolean warm = round < warmup;
                // Every other round runs in reverse order, so that no entrant always follows the same one.
                for (var entrant : round % 2 == 0 ? entrants : entrants.reversed()) {
                    // Start each round on a collected heap, not with the garbage of the previous one.
                    System.gc();
                    long t = entrant.round().nanos();
                    if (!warm) {
                        nanos.get(entrant.name())[round - warmup] = t;
                    }
                    progress.accept(String.format("%s: %s %.1f ms (%s %d/%d)", workload, entrant.name(), t / 1e6,
                            warm ? "warm-up" : "round", warm ? round + 1 : round - warmup + 1, warm ? warmup : measured));
                }
            }
            var medians = new LinkedHashMap<String, Double>();
            nanos.forEach((name, values) -> medians.put(name, median(values)));
            return medians;
        }

        private void add(String workload, String impl, double value, String unit, boolean higherIsBetter) {
            results.add(new BenchResult(NAME, workload, impl, value, unit, higherIsBetter));
        }
    }

    /** {@code ForkJoinPool (not finished within 2000 ms)}: the value reported with it is the bound. */
    static String notFinished(String impl, long boundMillis) {
        return impl + " (not finished within " + boundMillis + " ms)";
    }

    static double median(long[] values) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static long timed(Body body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return System.nanoTime() - start;
    }
}
