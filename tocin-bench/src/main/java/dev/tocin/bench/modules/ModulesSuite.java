package dev.tocin.bench.modules;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import dev.tocin.bench.BenchOptions;
import dev.tocin.bench.BenchResult;
import dev.tocin.bench.BenchSuite;
import dev.tocin.v8.module.ModuleOptions;
import dev.tocin.v8.module.ModuleSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Module loading, Tocin's {@link ModuleSystem} side by side with Node on the same files:
 * cold load of lodash-es (a fresh isolate / a fresh node process per round), re-import of
 * the loaded graph from the module cache, and a cold load with V8's code cache filled by an
 * earlier round (what a second process start would see). Figures are medians over the rounds.
 */
public final class ModulesSuite implements BenchSuite {
    private static final String SUITE = "modules";

    @Override
    public String name() {
        return SUITE;
    }

    @Override
    public List<BenchResult> run(BenchOptions options, Consumer<String> progress) throws Exception {
        var fixture = LodashFixture.prepare(LodashFixture.defaultCache(), progress);
        int rounds = options.quick() ? 3 : 10;
        progress.accept("modules: lodash-es has " + fixture.fileCount() + " files; " + rounds + " cold rounds each");
        var results = new ArrayList<BenchResult>();

        // One warm-up round so JIT compilation of the loader is not billed to the first cold load.
        tocinRound(fixture, ModuleOptions.defaults(), 1);
        double[] cold = new double[rounds];
        double[] reimport = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double[] r = tocinRound(fixture, ModuleOptions.defaults(), 200);
            cold[i] = r[0];
            reimport[i] = r[1];
            progress.accept(String.format("modules: tocin cold %.1f ms, re-import %.1f us", r[0], r[1] * 1000));
        }
        double tocinCold = median(cold);
        double tocinReimport = median(reimport);
        results.add(new BenchResult(SUITE, "lodash-es-cold-load", BenchResult.TOCIN, tocinCold, "ms", false));
        results.add(new BenchResult(SUITE, "lodash-es-reimport", BenchResult.TOCIN, tocinReimport * 1000, "us", false));
        results.add(new BenchResult(SUITE, "lodash-es-cold-vs-reimport", BenchResult.TOCIN, tocinCold / tocinReimport, "x", true));

        // A later process start with V8's code cache filled by an earlier one.
        Path cacheDir = Files.createTempDirectory("tocin-code-cache");
        try {
            var cached = ModuleOptions.defaults().withCodeCache(cacheDir);
            tocinRound(fixture, cached, 1);
            double[] warm = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                warm[i] = tocinRound(fixture, cached, 1)[0];
                progress.accept(String.format("modules: tocin cold with code cache %.1f ms", warm[i]));
            }
            results.add(new BenchResult(SUITE, "lodash-es-cold-load-code-cache", BenchResult.TOCIN, median(warm), "ms", false));
        } finally {
            try (var files = Files.list(cacheDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(cacheDir);
        }

        var node = NodePeer.version();
        if (node.isEmpty()) {
            progress.accept("modules: node is not on PATH; no peer figures");
            return results;
        }
        String peer = "node " + node.get();
        NodePeer.load(fixture.entry());
        double[] nodeCold = new double[rounds];
        double[] nodeReimport = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            var t = NodePeer.load(fixture.entry());
            nodeCold[i] = t.coldMs();
            nodeReimport[i] = t.reimportMs();
            progress.accept(String.format("modules: %s cold %.1f ms, re-import %.1f us", peer, t.coldMs(), t.reimportMs() * 1000));
        }
        double nCold = median(nodeCold);
        double nReimport = median(nodeReimport);
        results.add(new BenchResult(SUITE, "lodash-es-cold-load", peer, nCold, "ms", false));
        results.add(new BenchResult(SUITE, "lodash-es-reimport", peer, nReimport * 1000, "us", false));
        results.add(new BenchResult(SUITE, "lodash-es-cold-vs-reimport", peer, nCold / nReimport, "x", true));
        return results;
    }

    /** One fresh isolate: [cold load ms, mean re-import ms over {@code reimports}]. */
    private static double[] tocinRound(LodashFixture fixture, ModuleOptions options, int reimports) throws JavetException, IOException {
        if (!V8RuntimeOptions.V8_FLAGS.isSealed()) {
            V8RuntimeOptions.V8_FLAGS.setUseStrict(false); // sloppy scripts, as V8Runtime runs them
        }
        try (V8Runtime v8 = V8Host.getV8Instance().createV8Runtime();
             var modules = new ModuleSystem(v8, options, ModuleSystem.Loop.microtasks(v8))) {
            long t0 = System.nanoTime();
            modules.load(fixture.entry().toString(), fixture.dir()).close();
            long t1 = System.nanoTime();
            if (v8.getExecutor("lodashExports").executeInteger() < 300) {
                throw new IOException("lodash-es did not load completely");
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < reimports; i++) {
                modules.load(fixture.entry().toString(), fixture.dir()).close();
            }
            long t3 = System.nanoTime();
            return new double[]{(t1 - t0) / 1e6, (t3 - t2) / 1e6 / reimports};
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
