package dev.tocin.bench.scheduler;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the scheduler's JMH benchmarks without an uber-jar: put tocin-bench and its
 * dependencies on the class path and pass ordinary JMH options, e.g.
 * {@code java -cp CLASSPATH dev.tocin.bench.scheduler.SchedulerBenchmarks -f 1 -wi 2 -i 3}.
 * Without a benchmark pattern it runs every benchmark of this package (see docs/benchmarks.md).
 */
public final class SchedulerBenchmarks {
    private SchedulerBenchmarks() {
    }

    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        var commandLine = new CommandLineOptions(args);
        var options = new OptionsBuilder().parent(commandLine);
        if (commandLine.getIncludes().isEmpty()) {
            options.include(SchedulerBenchmarks.class.getPackageName() + "\\..*Benchmark");
        }
        new Runner(options.build()).run();
    }
}
