package dev.tocin.v8.module;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * V8 code cache files, one per compiled source. V8 validates a cache only by source length,
 * flags and version (a same-length edit silently ran old code), so the file name is a SHA-256
 * of the exact compiled text plus the V8 version and flags: a changed source simply misses.
 * The files themselves (atomic writes, checksums, the size bound) are {@link DiskCodeCache}'s;
 * the bound is {@code -Dtocin.codeCache.maxBytes} (default 256 MB).
 */
final class CodeCache {
    private final DiskCodeCache disk;
    private final String salt;

    CodeCache(Path dir, String v8Version, String flags) {
        this.disk = new DiskCodeCache(dir, Long.getLong("tocin.codeCache.maxBytes", DiskCodeCache.DEFAULT_MAX_BYTES));
        this.salt = v8Version + "\n" + flags + "\n";
    }

    /** The cached data for {@code code}, or null. */
    byte[] lookup(String code) {
        return disk.read(key(code));
    }

    void store(String code, byte[] data) {
        disk.write(key(code), data);
    }

    private String key(String code) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
