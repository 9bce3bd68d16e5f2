package dev.tocin.bench.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size from {@code /proc/self/status}, after a garbage collection. */
final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    static boolean available() {
        return Files.isReadable(STATUS);
    }

    /** VmRSS in bytes, measured after two GCs so that dead Java objects do not count. */
    static long settledBytes() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(50);
        System.gc();
        Thread.sleep(50);
        for (var line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS line in " + STATUS);
    }
}
