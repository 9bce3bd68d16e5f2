package dev.tocin.v8;

import com.caoccao.javet.enums.JSRuntimeType;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.loader.IJavetLibLoadingListener;
import com.caoccao.javet.interop.loader.JavetLibLoader;
import com.caoccao.javet.interop.options.V8RuntimeOptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Installs Javet's native V8 library once into a fixed, versioned cache folder and makes Javet
 * load it from there, instead of extracting ~40 MB into a fresh temp folder in every process.
 *
 * <p>It also sets the process-wide V8 flags before the first isolate seals them: scripts are
 * sloppy-mode unless they opt in, as in Node (Javet's default is {@code --use-strict}).
 *
 * <p>The folder is {@code $TOCIN_JAVET_CACHE} or the system property {@code tocin.javet.cache} if
 * set, else {@code $XDG_CACHE_HOME/tocin/javet-<version>} ({@code ~/.cache/...}), else
 * {@code java.io.tmpdir/tocin-javet-<version>-<user>}. The file is written to a temp name in the
 * same folder and renamed into place atomically, so processes starting at the same time either
 * see the complete file or none and never load a half-written one; a process that still has the
 * old file mapped is unaffected by a rename over it.
 */
final class NativeLibrary {
    private static final System.Logger LOG = System.getLogger(NativeLibrary.class.getName());
    static final String CACHE_PROPERTY = "tocin.javet.cache";
    private static volatile V8Host host;
    private static volatile Installed installed;

    /** Where the library was found and whether this process had to write it. */
    record Installed(Path file, boolean written) {
    }

    private NativeLibrary() {
    }

    /** Javet's V8 host, with the native library loaded from the cache folder. */
    static V8Host host() {
        var h = host;
        if (h == null) {
            synchronized (NativeLibrary.class) {
                h = host;
                if (h == null) {
                    installed = install(cacheFolder());
                    var folder = installed.file().getParent().toFile();
                    JavetLibLoader.setLibLoadingListener(new IJavetLibLoadingListener() {
                        @Override public File getLibPath(JSRuntimeType type) { return folder; }
                        @Override public boolean isDeploy(JSRuntimeType type) { return false; }
                    });
                    var flags = V8RuntimeOptions.V8_FLAGS;
                    if (!flags.isSealed()) {
                        // Javet defaults to --use-strict; scripts are sloppy unless they say "use strict", as in Node.
                        flags.setUseStrict(false);
                        dev.tocin.v8.module.ModuleFlags.apply(flags);
                        // Callers run JS on their own stacks (1 MB by default): V8's share of a stack must
                        // leave room below it (docs/v8.md, "Which threads run JavaScript").
                        String custom = flags.getCustomFlags();
                        flags.setCustomFlags((custom == null ? "" : custom + " ") + "--stack-size=" + V8_STACK_KB
                                + (CONCURRENT_RECOMPILATION ? "" : " --no-concurrent-recompilation"));
                        v8StackKb = V8_STACK_KB;
                    } else if (flags.isUseStrict()) {
                        LOG.log(System.Logger.Level.WARNING, "V8 flags were sealed before Tocin started: scripts run in strict mode");
                    }
                    h = V8Host.getV8Instance();
                    if (!h.isLibraryLoaded()) {
                        var cause = h.getLastException();
                        throw new IllegalStateException("cannot load the V8 library " + installed.file()
                                + (cause == null ? "" : ": " + cause.getMessage()), cause);
                    }
                    host = h;
                }
            }
        }
        return h;
    }

    /**
     * V8's {@code --stack-size} in KB as Tocin sets it: JS recursion reaches ~6,800 frames (Node's
     * default 984 KB gives ~9,600), and a default 1 MB thread can run JS itself (StackRoom).
     */
    static final int V8_STACK_KB = Integer.getInteger("tocin.v8.stackKb", 700);
    /**
     * Whether V8 may optimize functions on its own worker threads. Off by default: with it on, V8
     * sometimes runs the near-heap-limit callback on a worker while the isolate's thread waits
     * (about 1 in 250 heap-limit events under load, measured); Javet attaches that worker to the JVM
     * as a non-daemon thread and never detaches it, so the JVM can no longer exit when main returns
     * (docs/v8.md, "Heap limit"). Optimizing on the isolate's thread costs pauses, not throughput.
     */
    static final boolean CONCURRENT_RECOMPILATION = Boolean.getBoolean("tocin.v8.concurrentRecompilation");
    /** V8's stack share in this process: V8's default when someone sealed the flags before Tocin. */
    private static volatile int v8StackKb = 984;

    static int v8StackKb() {
        return v8StackKb;
    }

    /** The installation this process used; empty before the first runtime. */
    static Installed installed() {
        return installed;
    }

    static Path cacheFolder() {
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv("TOCIN_JAVET_CACHE"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String version = JavetLibLoader.LIB_VERSION;
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path preferred = base.resolve("tocin").resolve("javet-" + version);
        if (writable(preferred)) {
            return preferred;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "tocin-javet-" + version + "-" + System.getProperty("user.name"));
    }

    private static boolean writable(Path folder) {
        try {
            Files.createDirectories(folder);
            return Files.isWritable(folder);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Makes sure {@code folder} holds the complete library; returns its path. */
    static Installed install(Path folder) {
        try {
            var loader = new JavetLibLoader(JSRuntimeType.V8);
            String resource = loader.getResourceFileName();
            Path target = folder.resolve(loader.getLibFileName());
            long expected = JavetLibLoader.class.getResource(resource).openConnection().getContentLengthLong();
            if (Files.isRegularFile(target) && (expected < 0 || Files.size(target) == expected)) {
                LOG.log(System.Logger.Level.DEBUG, "reusing V8 library {0}", target);
                return new Installed(target, false);
            }
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, target.getFileName().toString(), ".part");
            try {
                try (InputStream in = JavetLibLoader.class.getResourceAsStream(resource)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (expected >= 0 && Files.size(tmp) != expected) {
                    throw new IOException("short copy of " + resource + ": " + Files.size(tmp) + " of " + expected + " bytes");
                }
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the loader needs no execute bit there
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            LOG.log(System.Logger.Level.INFO, "installed V8 library {0}", target);
            return new Installed(target, true);
        } catch (JavetException e) {
            throw new IllegalStateException("no V8 library for this platform: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the V8 library into " + folder, e);
        }
    }
}
