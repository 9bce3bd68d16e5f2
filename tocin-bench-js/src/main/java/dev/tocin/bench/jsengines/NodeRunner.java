package dev.tocin.bench.jsengines;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Node.js as a child process, through {@code node-driver.mjs}. */
final class NodeRunner {
    private final BenchFiles files;

    private NodeRunner(BenchFiles files) {
        this.files = files;
    }

    /** Node if {@code node} runs here, with its version; empty otherwise. */
    static Optional<NodeRunner> find(BenchFiles files) {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? Optional.of(new NodeRunner(files)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One workload run with the same warm-up/measure rule as the JVM engines. */
    Budget.Timing compute(Workload w, int size, Budget budget) throws IOException, InterruptedException {
        return run(List.of("compute", files.script(w.file()).toString(), Integer.toString(size),
                Long.toString(budget.warmup().toMillis()), Long.toString(budget.maxWarmup().toMillis()),
                Long.toString(Budget.WINDOW.toMillis()), Long.toString(budget.measure().toMillis()),
                Integer.toString(budget.minRuns()))).timing();
    }

    /** A fresh {@code node} loading lodash-es: in-process import time and the whole process's wall time. */
    ChildProcess load() throws IOException, InterruptedException {
        return run(List.of("load", files.lodashEntry().toString()));
    }

    private ChildProcess run(List<String> args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("node");
        command.add(files.nodeDriver().toString());
        command.addAll(args);
        return ChildProcess.run(command, files.dir());
    }
}
