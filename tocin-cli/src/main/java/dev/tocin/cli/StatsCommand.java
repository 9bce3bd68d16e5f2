package dev.tocin.cli;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.SchedulerStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tocin stats}: a short mixed workload on a fresh scheduler, then its statistics. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a short mixed workload and prints the scheduler's statistics.",
            "%nFibers at every priority compute, park, block, start children and change priority on a fresh"
                    + " scheduler; its statistics are printed as taken while they run and after they finished.%n"
        })
final class StatsCommand implements Callable<Integer> {
    /** Far more than the workload needs (well under a second on 2 cores): reached only if fibers get stuck. */
    private static final Duration WORKLOAD_LIMIT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--fibers", paramLabel = "N", description = "fibers started from outside (default: ${DEFAULT-VALUE})")
    int fibers = 20_000;

    @Option(names = "--workers", paramLabel = "N", description = "worker threads (default: one per CPU)")
    Integer workers;

    @Option(names = "--numa", description = "NUMA-aware placement")
    boolean numa;

    @Option(names = "--json", description = "one JSON object instead of the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (fibers < 1) {
            throw new ParameterException(spec.commandLine(), "--fibers must be at least 1, got " + fibers);
        }
        if (workers != null && workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        var builder = LightweightScheduler.builder().name("tocin-stats");
        if (workers != null) {
            builder.workers(workers);
        }
        var err = spec.commandLine().getErr();
        SchedulerStats during;
        SchedulerStats after;
        boolean finished;
        long started = System.nanoTime();
        var work = new LongAdder();
        var scheduler = builder.build();
        try {
            scheduler.enableNUMAAwareness(numa);
            scheduler.start();
            err.printf("tocin stats: running %,d fibers on %s...%n", fibers, scheduler);
            var levels = Fiber.Priority.values();
            for (int i = 0; i < fibers; i++) {
                var level = levels[i % levels.length];
                int kind = i % 10;
                var fiber = scheduler.goWithPriority(level, () -> {
                    task(kind, scheduler, work);
                    return null;
                });
                if (kind == 9 && level == Fiber.Priority.BACKGROUND) {
                    fiber.setPriority(Fiber.Priority.HIGH); // dynamic priority while queued or running
                }
            }
            during = scheduler.getStats();
            finished = scheduler.waitAll(WORKLOAD_LIMIT);
            after = scheduler.getStats();
        } finally {
            // close() waits for every fiber: only right when they all finished.
            if (scheduler.getStats().activeFibers() == 0) {
                scheduler.close();
            } else {
                scheduler.shutdownNow();
            }
        }
        double ms = (System.nanoTime() - started) / 1e6;
        var out = spec.commandLine().getOut();
        if (json) {
            out.println("{\"fibers\":" + fibers + ",\"elapsedMs\":" + Json.number(Math.round(ms * 10) / 10.0)
                    + ",\"during\":" + RecordFields.json(during) + ",\"after\":" + RecordFields.json(after) + "}");
        } else {
            out.printf(Locale.ROOT, "workload: %,d fibers (compute, park, block, children, priority changes) in %.1f ms%n%n",
                    fibers, ms);
            out.print(table(during, after));
        }
        if (!finished) {
            err.printf("tocin stats: the workload did not finish within %s: %,d fibers still active%n",
                    Failure.human(WORKLOAD_LIMIT), after.activeFibers());
            return 1;
        }
        return 0;
    }

    /**
     * One fiber of the mix. Most compute a little; every tenth parks (sleeps), blocks in a
     * declared blocking call, or starts two children (which inherit its priority).
     */
    private static void task(int kind, LightweightScheduler scheduler, LongAdder work) throws Exception {
        switch (kind) {
            case 0 -> Thread.sleep(1);
            case 1 -> Fiber.blocking(() -> {
                Thread.sleep(1);
                return null;
            });
            case 2 -> {
                for (int c = 0; c < 2; c++) {
                    scheduler.go(() -> work.add(compute(500)));
                }
            }
            default -> work.add(compute(2_000));
        }
    }

    private static long compute(int rounds) {
        long x = rounds;
        for (int i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x & 1;
    }

    /** Both snapshots side by side, one row per statistic (a row missing from one snapshot shows "-"). */
    static String table(SchedulerStats during, SchedulerStats after) {
        var rows = new LinkedHashMap<String, String[]>();
        RecordFields.rows(during).forEach(r -> rows.computeIfAbsent(r.name(), k -> new String[] {"-", "-"})[0] = r.value());
        RecordFields.rows(after).forEach(r -> rows.computeIfAbsent(r.name(), k -> new String[] {"-", "-"})[1] = r.value());
        int nameWidth = "statistic".length();
        int duringWidth = "during".length();
        for (var e : rows.entrySet()) {
            nameWidth = Math.max(nameWidth, e.getKey().length());
            duringWidth = Math.max(duringWidth, e.getValue()[0].length());
        }
        var format = "  %-" + nameWidth + "s  %" + duringWidth + "s  %s%n";
        var out = new StringBuilder(String.format(Locale.ROOT, format, "statistic", "during", "after"));
        rows.forEach((name, values) -> out.append(String.format(Locale.ROOT, format, name, values[0], values[1])));
        return out.toString();
    }
}
