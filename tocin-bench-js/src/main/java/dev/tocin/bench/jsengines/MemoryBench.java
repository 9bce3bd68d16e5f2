package dev.tocin.bench.jsengines;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.graalvm.polyglot.Engine;

/**
 * Memory per runtime with lodash-es loaded, in a fresh JVM per engine: after one warm-up
 * runtime, {@code k} more runtimes each load the graph and stay alive; the growth of the
 * used Java heap (after full GCs) plus the growth of the process's resident memory, divided
 * by {@code k}. The child's heap is fixed and pre-touched (-Xms = -Xmx, AlwaysPreTouch), so
 * resident growth is native memory only (V8 isolates, Truffle's compiled code, metaspace) and
 * heap memory is not counted twice. GraalJS contexts share one Engine, as GraalJS recommends
 * for several contexts (its best case), and, as a second figure, each context with its own Engine
 * (what code that just calls {@code Context.create()} gets). V8 is not asked to collect garbage: its figure includes
 * whatever the isolate kept after loading, as a user would see it.
 */
final class MemoryBench {
    static final String TOTAL = "memory per runtime, lodash-es loaded";
    static final String HEAP = "  of which Java heap";
    static final String NATIVE = "  of which native (RSS)";
    private static final List<String> CHILD_HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

    private final BenchFiles files;
    private final Budget budget;
    private final Consumer<String> progress;

    MemoryBench(BenchFiles files, Budget budget, Consumer<String> progress) {
        this.files = files;
        this.budget = budget;
        this.progress = progress;
    }

    void run(List<JsEngine.Kind> engines, Rows rows) throws IOException, InterruptedException {
        progress.accept("memory per runtime (" + budget.memoryRuntimes() + " runtimes per engine, fresh JVM each)");
        for (JsEngine.Kind kind : engines) {
            measure(kind, true, rows);
            if (kind == JsEngine.Kind.GRAALJS) {
                measure(kind, false, rows);
            }
        }
    }

    private void measure(JsEngine.Kind kind, boolean sharedEngine, Rows rows) throws IOException, InterruptedException {
        var child = ChildProcess.run(ChildJvm.command(CHILD_HEAP, "child-memory",
                kind.name().toLowerCase(Locale.ROOT), files.dir().toString(),
                Integer.toString(budget.memoryRuntimes()), sharedEngine ? "shared-engine" : "own-engine"),
                files.dir());
        String[] parts = ((String) child.timing().result()).split("/");
        String impl = parts[0] + (kind == JsEngine.Kind.GRAALJS && !sharedEngine ? " (own Engine)" : "");
        long heap = Long.parseLong(parts[1]);
        long nativeBytes = Long.parseLong(parts[2]);
        rows.time(TOTAL, impl, heap + nativeBytes, "bytes");
        rows.time(HEAP, impl, heap, "bytes");
        rows.time(NATIVE, impl, nativeBytes, "bytes");
    }

    /**
     * The child side: prints {@code impl/heapBytesPerRuntime/nativeBytesPerRuntime}.
     *
     * @param sharedEngine for GraalJS: contexts share one Engine (else each has its own)
     */
    static String measureInThisJvm(JsEngine.Kind kind, BenchFiles files, int k, boolean sharedEngine) throws IOException {
        Engine shared = kind == JsEngine.Kind.GRAALJS && sharedEngine ? GraalJsEngine.newEngine() : null;
        var alive = new ArrayList<JsEngine>();
        try {
            alive.add(loaded(kind, shared, files));
            settle();
            long heap0 = usedHeap();
            long rss0 = residentBytes();
            for (int i = 0; i < k; i++) {
                alive.add(loaded(kind, shared, files));
            }
            settle();
            long heap1 = usedHeap();
            long rss1 = residentBytes();
            return alive.getFirst().impl() + "/" + (heap1 - heap0) / k + "/" + (rss1 - rss0) / k;
        } finally {
            alive.forEach(JsEngine::close);
            if (shared != null) {
                shared.close();
            }
        }
    }

    private static JsEngine loaded(JsEngine.Kind kind, Engine shared, BenchFiles files) {
        JsEngine engine = shared != null ? GraalJsEngine.sharing(shared) : kind.create();
        engine.load(files.lodashEntry(), "lodash-entry");
        engine.prepare("lodash-entry", "summary").invoke();
        return engine;
    }

    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status: resident memory is measured on Linux only");
    }
}
