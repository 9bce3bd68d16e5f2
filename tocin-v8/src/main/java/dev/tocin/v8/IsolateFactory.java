package dev.tocin.v8;

import java.util.Set;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Creates a pool's isolates: a started {@link V8Runtime} on which the pool's {@link PoolSetup}
 * ran. All isolates share one V8 code-cache folder (the options' own, or a temporary one the
 * factory owns and deletes on {@link #close()}), so modules the setup loads are compiled once
 * for the pool rather than once per isolate.
 */
final class IsolateFactory implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IsolateFactory.class.getName());

    private final V8Options options;
    private final PoolSetup setup;
    private final Path ownedCache;

    IsolateFactory(V8Options options, PoolSetup setup) throws IOException {
        this.setup = setup;
        if (options.codeCache() != null) {
            this.options = options;
            this.ownedCache = null;
        } else {
            this.ownedCache = Files.createTempDirectory("tocin-pool-code-cache");
            this.options = options.toBuilder().codeCache(ownedCache).build();
        }
    }

    V8Options options() {
        return options;
    }

    /**
     * A new isolate with the setup run on it.
     *
     * @throws Exception what the setup threw, or an {@link IllegalStateException} when its last
     *                   call on the runtime failed (e.g. {@code loadESModule} returned false); the
     *                   runtime is closed then
     */
    V8Runtime create(Set<Integer> loopCpus) throws Exception {
        var runtime = new V8Runtime(loopCpus.isEmpty() ? options : options.toBuilder().loopAffinity(loopCpus).build());
        try {
            runtime.initialize();
            setup.setUp(runtime);
            if (runtime.hasError()) {
                throw new IllegalStateException("the pool's setup failed: " + runtime.getLastError());
            }
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    /** Deletes the code-cache folder the factory created, if any. */
    @Override
    public void close() {
        if (ownedCache == null) {
            return;
        }
        try (var files = Files.walk(ownedCache)) {
            for (var p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete the pool's code cache " + ownedCache + ": " + e.getMessage());
        }
    }
}
