package dev.tocin.v8.module;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The files of a code-cache folder: one entry per key, written whole or not at all, checked
 * when read, and bounded in total size.
 *
 * <p>Release builds of V8 check a code cache's header (version, flags, source length) but not
 * its payload, so a torn or bit-flipped file could reach the deserializer. Every entry therefore
 * starts with a magic number, the payload length and a CRC-32C of the payload; an entry that
 * fails the check is deleted and reported as a miss, and the module compiles from source.
 *
 * <p>Concurrent runtimes and processes are safe without locks: writers write a temporary file
 * and rename it over the entry atomically, readers see the old entry, the new one or none, and
 * eviction deletes whole files (a reader that loses the race sees a miss).
 *
 * <p>Size: a hit refreshes the entry's modification time; when the entries this process knows
 * of pass {@code maxBytes}, the least recently used are deleted down to three quarters of it.
 * The folder is listed once per process to learn its size and again only to evict.
 */
final class DiskCodeCache {
    private static final System.Logger LOG = System.getLogger(DiskCodeCache.class.getName());
    private static final int MAGIC = 0x54434331; // "TCC1"
    private static final int HEADER = 16;
    static final String SUFFIX = ".v8cache";
    /** Default bound on the folder: far above a large npm graph (lodash-es: a few MB). */
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private final Path dir;
    private final long maxBytes;
    /** Bytes in the folder as far as this instance knows; -1 before the first listing. */
    private final AtomicLong size = new AtomicLong(-1);

    DiskCodeCache(Path dir, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** The payload stored under {@code key}, or null when there is none or it is damaged. */
    byte[] read(String key) {
        Path file = dir.resolve(key + SUFFIX);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the code cache entry {0}: {1}", file, e.toString());
            return null;
        }
        byte[] payload = payload(raw);
        if (payload == null) {
            LOG.log(System.Logger.Level.WARNING, "damaged code cache entry {0} ({1} bytes): deleted", file, raw.length);
            delete(file);
            return null;
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // Evicted since the read: the payload in hand is still good.
        }
        return payload;
    }

    /** Stores {@code payload} under {@code key}, replacing any entry; failures are logged, never thrown. */
    void write(String key, byte[] payload) {
        if (payload == null || payload.length == 0) {
            return;
        }
        try {
            Files.createDirectories(dir);
            // Unique without Files.createTempFile, whose SecureRandom costs a cold JVM tens of ms.
            // The random part keeps processes of different PID namespaces sharing a home apart;
            // CREATE_NEW makes a collision a failed write, never a shared temp file.
            Path tmp = dir.resolve("tmp-" + PID + "-" + TEMP_COUNTER.incrementAndGet() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                Files.write(tmp, entry(payload), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.move(tmp, dir.resolve(key + SUFFIX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(key + SUFFIX), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (size.get() < 0) {
                size.compareAndSet(-1, folderBytes());
            } else {
                size.addAndGet(HEADER + payload.length);
            }
            if (size.get() > maxBytes) {
                evict();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the code cache in {0}: {1}", dir, e.toString());
        }
    }

    static byte[] entry(byte[] payload) {
        var crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(HEADER + payload.length)
                .putInt(MAGIC).putInt(payload.length).putLong(crc.getValue()).put(payload).array();
    }

    /** The payload of a stored entry, or null when it is not one or was damaged. */
    static byte[] payload(byte[] raw) {
        if (raw.length < HEADER) {
            return null;
        }
        var buf = ByteBuffer.wrap(raw);
        if (buf.getInt() != MAGIC || buf.getInt() != raw.length - HEADER) {
            return null;
        }
        long expected = buf.getLong();
        var crc = new CRC32C();
        crc.update(raw, HEADER, raw.length - HEADER);
        return crc.getValue() == expected ? Arrays.copyOfRange(raw, HEADER, raw.length) : null;
    }

    private record Entry(Path file, long bytes, long modified) {
    }

    private synchronized void evict() {
        var entries = entries();
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        long target = maxBytes / 4 * 3;
        entries.sort(Comparator.comparingLong(Entry::modified));
        for (var e : entries) {
            if (total <= target) {
                break;
            }
            if (delete(e.file())) {
                total -= e.bytes();
            }
        }
        size.set(total);
    }

    private long folderBytes() {
        return entries().stream().mapToLong(Entry::bytes).sum();
    }

    private ArrayList<Entry> entries() {
        var list = new ArrayList<Entry>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    list.add(new Entry(f, Files.size(f), Files.getLastModifiedTime(f).toMillis()));
                } catch (NoSuchFileException e) {
                    // evicted by another process meanwhile
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the code cache {0}: {1}", dir, e.toString());
        }
        return list;
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the code cache entry {0}: {1}", file, e.toString());
            return false;
        }
    }
}
