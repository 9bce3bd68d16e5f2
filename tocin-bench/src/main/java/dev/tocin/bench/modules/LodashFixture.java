package dev.tocin.bench.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * lodash-es from npm (about 640 ES module files) in a cache folder, installed with
 * {@code npm install} on first use, plus an entry module that imports all of it.
 */
public record LodashFixture(Path dir, Path entry) {
    static final String ENTRY_SOURCE = "import * as _ from './node_modules/lodash-es/lodash.js';\n"
            + "globalThis.lodashExports = Object.keys(_).length;\n";

    /** The fixture under {@code cache} (default ~/.cache/tocin/bench-modules), installing it if needed. */
    public static LodashFixture prepare(Path cache, Consumer<String> progress) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        if (!Files.isRegularFile(cache.resolve("node_modules/lodash-es/lodash.js"))) {
            progress.accept("modules: npm install lodash-es into " + cache);
            var npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", cache.toString(), "lodash-es")
                    .redirectErrorStream(true).redirectOutput(cache.resolve("npm-install.log").toFile());
            int exit;
            try {
                exit = npm.start().waitFor();
            } catch (IOException e) {
                throw new IOException("the modules benchmark needs npm on PATH to install lodash-es: " + e.getMessage(), e);
            }
            if (exit != 0 || !Files.isRegularFile(cache.resolve("node_modules/lodash-es/lodash.js"))) {
                throw new IOException("npm install lodash-es failed (exit " + exit + "), see " + cache.resolve("npm-install.log"));
            }
        }
        Path entry = cache.resolve("entry.mjs");
        if (!Files.isRegularFile(entry) || !Files.readString(entry).equals(ENTRY_SOURCE)) {
            Files.writeString(entry, ENTRY_SOURCE);
        }
        return new LodashFixture(cache, entry);
    }

    public static Path defaultCache() {
        String override = System.getProperty("tocin.bench.cache");
        return override != null ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".cache", "tocin", "bench-modules");
    }

    long fileCount() throws IOException {
        try (var files = Files.walk(dir.resolve("node_modules/lodash-es"))) {
            return files.filter(p -> p.toString().endsWith(".js")).count();
        }
    }
}
