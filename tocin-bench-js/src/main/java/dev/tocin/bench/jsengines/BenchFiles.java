package dev.tocin.bench.jsengines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The JavaScript files every engine runs, on disk in one cache folder: our workload modules
 * (copied from this module's resources on every run) and {@code lodash-es}, installed there
 * with {@code npm} once, plus an entry module that imports all of lodash-es by a relative path
 * (so every engine's own loader resolves the same ~640 files, no bare-name lookup needed).
 */
final class BenchFiles {
    /** Pinned, so that every run and every engine loads the same module graph. */
    static final String LODASH_VERSION = "4.17.21";

    private static final List<String> SCRIPTS = List.of(
            "richards.mjs", "navier-stokes.mjs", "nbody.mjs", "sha256.mjs", "json.mjs", "calls.mjs",
            "node-driver.mjs");

    private static final String LODASH_ENTRY = """
            // Cold-load workload: the whole lodash-es graph through the engine's own ES module loader.
            import * as _ from './node_modules/lodash-es/lodash.js';

            /** Proves the graph evaluated: the export count and one call into it. */
            export function summary() {
              return Object.keys(_).length + ':' + _.kebabCase('Fresh Runtime Load');
            }
            """;

    private final Path dir;

    private BenchFiles(Path dir) {
        this.dir = dir;
    }

    /** The default cache folder: {@code $XDG_CACHE_HOME/tocin/js-engines} or {@code ~/.cache/tocin/js-engines}. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("tocin").resolve("js-engines");
    }

    /** Files already prepared in {@code dir} (child JVMs use this). */
    static BenchFiles existing(Path dir) {
        return new BenchFiles(dir);
    }

    /** Writes the workloads and the lodash-es entry module into {@code dir}. */
    static BenchFiles prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String script : SCRIPTS) {
            try (InputStream in = BenchFiles.class.getResourceAsStream("js/" + script)) {
                if (in == null) {
                    throw new IOException("resource js/" + script + " is missing from the tocin-bench-js jar");
                }
                Files.write(dir.resolve(script), in.readAllBytes());
            }
        }
        Files.writeString(dir.resolve("lodash-entry.mjs"), LODASH_ENTRY, StandardCharsets.UTF_8);
        return new BenchFiles(dir);
    }

    /**
     * Installs lodash-es into the folder unless it already is there.
     *
     * @throws IOException when npm is missing or fails (its output is in the message)
     */
    void ensureLodash(Consumer<String> progress) throws IOException, InterruptedException {
        if (!lodashInstalled()) {
            progress.accept("installing lodash-es@" + LODASH_VERSION + " into " + dir + " (npm, once)");
            var npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--no-package-lock",
                    "--prefix", dir.toString(), "lodash-es@" + LODASH_VERSION)
                    .redirectErrorStream(true);
            Process p;
            try {
                p = npm.start();
            } catch (IOException e) {
                throw new IOException("cannot run npm to install lodash-es (is Node.js with npm on PATH?)", e);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !lodashInstalled()) {
                throw new IOException("npm install lodash-es@" + LODASH_VERSION + " into " + dir + " failed:\n" + out);
            }
        }
    }

    private boolean lodashInstalled() throws IOException {
        Path pkg = dir.resolve("node_modules/lodash-es/package.json");
        return Files.isRegularFile(pkg)
                && Files.readString(pkg).contains("\"version\": \"" + LODASH_VERSION + "\"");
    }

    Path dir() {
        return dir;
    }

    Path script(String fileName) {
        return dir.resolve(fileName);
    }

    Path lodashEntry() {
        return dir.resolve("lodash-entry.mjs");
    }

    Path nodeDriver() {
        return dir.resolve("node-driver.mjs");
    }
}
