package dev.tocin.v8.module;

import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.reference.V8ValueObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The code cache folder: checked entries, a size bound, and no lock needed between runs. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DiskCodeCacheTest {
    @TempDir
    Path dir;

    @Test
    void anEntryReadsBackAsWritten() {
        var cache = new DiskCodeCache(dir, 1 << 20);
        assertThat(cache.read("k")).isNull();
        byte[] data = "some V8 code cache".getBytes(StandardCharsets.UTF_8);
        cache.write("k", data);
        assertThat(cache.read("k")).isEqualTo(data);
        cache.write("k", new byte[]{1, 2, 3});
        assertThat(cache.read("k")).containsExactly(1, 2, 3);
        assertThat(files()).containsExactly(dir.resolve("k" + DiskCodeCache.SUFFIX));
    }

    @Test
    void aDamagedEntryIsAMissAndIsDeleted() throws IOException {
        var cache = new DiskCodeCache(dir, 1 << 20);
        byte[] data = new byte[4096];
        ThreadLocalRandom.current().nextBytes(data);
        Path file = dir.resolve("k" + DiskCodeCache.SUFFIX);
        byte[] good = DiskCodeCache.entry(data);
        List<byte[]> damaged = List.of(
                Arrays.copyOf(good, good.length - 1),           // torn write
                Arrays.copyOf(good, 10),                        // shorter than the header
                new byte[0],
                flip(good, 16 + 2000),                          // a bit flipped in the payload
                flip(good, 1),                                  // in the magic number
                Arrays.copyOf(good, good.length + 7),           // trailing garbage
                data);                                          // an entry of the old, unchecked format
        for (byte[] bad : damaged) {
            Files.write(file, bad);
            assertThat(cache.read("k")).as("%d bytes", bad.length).isNull();
            assertThat(file).doesNotExist();
        }
        cache.write("k", data);
        assertThat(cache.read("k")).isEqualTo(data);
    }

    @Test
    void theFolderStaysWithinItsBoundAndKeepsTheRecentlyUsed() throws IOException {
        long max = 20_000;
        var cache = new DiskCodeCache(dir, max);
        cache.write("keep", new byte[1000]);
        for (int i = 0; i < 100; i++) {
            // Age every entry but "keep", which a hit refreshes below.
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() - 10_000));
                }
            }
            assertThat(cache.read("keep")).hasSize(1000);
            cache.write("e" + i, new byte[1000]);
            assertThat(folderBytes()).isLessThanOrEqualTo(max);
            assertThat(cache.read("e" + i)).hasSize(1000);
        }
        assertThat(cache.read("keep")).hasSize(1000);
        assertThat(cache.read("e0")).isNull();
    }

    @Test
    void writersReadersAndEvictionInParallelNeverYieldAMixedOrDamagedEntry() throws Exception {
        int threads = 8;
        int rounds = 300;
        // Small bound: eviction runs concurrently with reads and writes all the time.
        var caches = new ArrayList<DiskCodeCache>();
        for (int t = 0; t < threads; t++) {
            caches.add(new DiskCodeCache(dir, 30_000)); // one per "process"
        }
        var barrier = new CyclicBarrier(threads);
        var problems = new ConcurrentLinkedQueue<String>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                var cache = caches.get(t);
                int id = t;
                futures.add(pool.submit(() -> {
                    barrier.await();
                    var random = ThreadLocalRandom.current();
                    for (int i = 0; i < rounds; i++) {
                        String key = "key" + random.nextInt(6);
                        if (random.nextBoolean()) {
                            cache.write(key, payload(key, id * rounds + i));
                        } else {
                            byte[] got = cache.read(key);
                            if (got != null && !isPayloadOf(key, got)) {
                                problems.add(key + " read " + got.length + " bytes of another entry");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                f.get(240, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aRunWithDamagedOrForeignCacheFilesStillLoadsTheModules(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path cache = tmp.resolve("cache");
        Files.writeString(app.resolve("main.mjs"), "import { dep } from './dep.mjs'; export const v = dep + 1;");
        Files.writeString(app.resolve("dep.mjs"), "export const dep = 41;");
        var options = ModuleOptions.defaults().withCodeCache(cache);
        assertThat(load(options, app)).isEqualTo(42);
        assertThat(cacheFiles(cache)).hasSize(2);

        // One entry damaged, the other a well-formed entry whose payload is not V8's:
        // the first fails our checksum, the second V8's own header check.
        var files = cacheFiles(cache);
        Files.write(files.get(0), flip(Files.readAllBytes(files.get(0)), 40));
        byte[] foreign = new byte[512];
        ThreadLocalRandom.current().nextBytes(foreign);
        Files.write(files.get(1), DiskCodeCache.entry(foreign));
        assertThat(load(options, app)).isEqualTo(42);
        assertThat(load(options, app)).isEqualTo(42);
        assertThat(cacheFiles(cache)).hasSize(2);
    }

    @Test
    void runtimesSharingOneFolderConcurrentlyAllLoadTheirModules(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        var imports = new StringBuilder();
        var sum = new StringBuilder("0");
        for (int i = 0; i < 20; i++) {
            Files.writeString(app.resolve("m" + i + ".mjs"), "export const v = " + i + "; export function f() { return v * 2; }");
            imports.append("import { f as f").append(i).append(" } from './m").append(i).append(".mjs';\n");
            sum.append(" + f").append(i).append("()");
        }
        Files.writeString(app.resolve("main.mjs"), imports + "export const v = " + sum + ";");
        var options = ModuleOptions.defaults().withCodeCache(tmp.resolve("cache"));
        String previous = System.getProperty("tocin.codeCache.maxBytes");
        System.setProperty("tocin.codeCache.maxBytes", "8000"); // a few entries: eviction while loading
        try {
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                var futures = new ArrayList<Future<List<Integer>>>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        var values = new ArrayList<Integer>();
                        for (int round = 0; round < 4; round++) {
                            values.add(load(options, app));
                        }
                        return values;
                    }));
                }
                for (var f : futures) {
                    assertThat(f.get(240, TimeUnit.SECONDS)).containsOnly(380);
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            if (previous == null) {
                System.clearProperty("tocin.codeCache.maxBytes");
            } else {
                System.setProperty("tocin.codeCache.maxBytes", previous);
            }
        }
    }

    private static int load(ModuleOptions options, Path app) throws Exception {
        try (V8Runtime fresh = Fixtures.isolate();
             var ms = new ModuleSystem(fresh, options, ModuleSystem.Loop.microtasks(fresh));
             V8ValueObject ns = ms.load("./main.mjs", app)) {
            return ns.getInteger("v");
        }
    }

    private static List<Path> cacheFiles(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(DiskCodeCache.SUFFIX)).sorted().toList();
        }
    }

    /** A payload that names its key and version and repeats a pattern derived from both. */
    private static byte[] payload(String key, int version) {
        int length = 500 + Math.floorMod((key + version).hashCode(), 3000);
        byte[] head = (key + "/" + version + "/").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, length);
        for (int i = head.length; i < length; i++) {
            out[i] = (byte) (version * 31 + i);
        }
        return out;
    }

    private static boolean isPayloadOf(String key, byte[] got) {
        String text = new String(got, 0, Math.min(got.length, 40), StandardCharsets.UTF_8);
        if (!text.startsWith(key + "/")) {
            return false;
        }
        int version = Integer.parseInt(text.substring(key.length() + 1, text.indexOf('/', key.length() + 1)));
        return Arrays.equals(got, payload(key, version));
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x10;
        return copy;
    }

    private List<Path> files() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long folderBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
