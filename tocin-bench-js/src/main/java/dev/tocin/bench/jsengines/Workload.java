package dev.tocin.bench.jsengines;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The CPU-bound JS workloads: plain ES modules (in this module's resources, the same file on
 * every engine), each exporting {@code run(size)} that returns a string checksum.
 *
 * @param label     the name in the results
 * @param file      the module's file name
 * @param benchSize the size every engine runs in the benchmark (~20-60 ms per run on Node here)
 */
enum Workload {
    RICHARDS("richards", "richards.mjs", 100),
    NAVIER_STOKES("navier-stokes", "navier-stokes.mjs", 10),
    NBODY("nbody", "nbody.mjs", 100_000),
    SHA256("sha256", "sha256.mjs", 20),
    JSON("json", "json.mjs", 10);

    private final String label;
    private final String file;
    private final int benchSize;

    Workload(String label, String file, int benchSize) {
        this.label = label;
        this.file = file;
        this.benchSize = benchSize;
    }

    String label() {
        return label;
    }

    String file() {
        return file;
    }

    int benchSize() {
        return benchSize;
    }

    /** The module name an engine loads it under. */
    String moduleName() {
        return "workload-" + label;
    }

    /**
     * The correct result for {@code size} where it is known independently of any JS engine:
     * Richards' published counts, the N-body energy after 1000 steps, SHA-256 recomputed with
     * the JDK's MessageDigest. Empty where only engines agreeing with each other can tell
     * (NavierStokes, JSON: the suite then compares every engine with Node).
     */
    Optional<String> expected(int size) {
        return switch (this) {
            case RICHARDS -> Optional.of("2322/928");
            case NBODY -> size == 1000 ? Optional.of("-0.169087605") : Optional.empty();
            case SHA256 -> Optional.of(sha256Chain(size));
            case NAVIER_STOKES, JSON -> Optional.empty();
        };
    }

    /** What sha256.mjs computes: hash the 64 KiB input, then re-hash with the digest written over its start. */
    private static String sha256Chain(int rounds) {
        byte[] data = new byte[65536];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        try {
            byte[] digest = null;
            for (int r = 0; r < rounds; r++) {
                if (digest != null) {
                    System.arraycopy(digest, 0, data, 0, digest.length);
                }
                digest = MessageDigest.getInstance("SHA-256").digest(data);
            }
            return digest == null ? "" : HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
