package dev.tocin.v8.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * V8 code cache files, one per compiled source. V8 validates a cache only by source length,
 * flags and version (a same-length edit silently ran old code), so the file name is a SHA-256
 * of the exact compiled text plus the V8 version and flags: a changed source simply misses.
 * Writes go through a temporary file and an atomic move, so concurrent runtimes and processes
 * never read a torn file.
 */
final class CodeCache {
    private static final System.Logger LOG = System.getLogger(CodeCache.class.getName());

    private final Path dir;
    private final String salt;

    CodeCache(Path dir, String v8Version, String flags) {
        this.dir = dir;
        this.salt = v8Version + "\n" + flags + "\n";
    }

    /** The cached data for {@code code}, or null. */
    byte[] lookup(String code) {
        try {
            return Files.readAllBytes(file(code));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the code cache: {0}", e.toString());
            return null;
        }
    }

    void store(String code, byte[] data) {
        if (data == null || data.length == 0) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path target = file(code);
            Path tmp = Files.createTempFile(dir, "tmp-", ".part");
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the code cache: {0}", e.toString());
        }
    }

    private Path file(String code) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update(code.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(sha.digest()) + ".v8cache");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
