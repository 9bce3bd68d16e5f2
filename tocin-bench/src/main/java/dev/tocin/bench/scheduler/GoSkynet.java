package dev.tocin.bench.scheduler;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The skynet program in Go ({@code skynet.go} next to this class), built at bench time in a
 * temporary folder with the {@code go} found on {@code PATH} and run as a child process;
 * Go measures its own rounds, so process start and compilation are not counted.
 */
final class GoSkynet implements AutoCloseable {
    private static final String SOURCE = "skynet.go";

    private final Path dir;
    private final Path binary;

    private GoSkynet(Path dir, Path binary) {
        this.dir = dir;
        this.binary = binary;
    }

    /** The {@code go} command on {@code PATH}, if there is one. */
    static Optional<Path> findGo() {
        var path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "go"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Writes the Go source into a fresh temporary folder and builds it with {@code go}. */
    static GoSkynet build(Path go) throws IOException, InterruptedException {
        var dir = Files.createTempDirectory("tocin-skynet-go");
        try {
            try (InputStream in = GoSkynet.class.getResourceAsStream(SOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SOURCE + " is missing from the tocin-bench jar");
                }
                Files.copy(in, dir.resolve(SOURCE));
            }
            var binary = dir.resolve("skynet");
            var builder = new ProcessBuilder(go.toString(), "build", "-o", binary.toString(), SOURCE);
            builder.directory(dir.toFile());
            // go needs a build cache; without HOME or GOCACHE it refuses to build.
            if (System.getenv("GOCACHE") == null && System.getenv("HOME") == null) {
                builder.environment().put("GOCACHE", dir.resolve("gocache").toString());
            }
            run(builder, "go build");
            return new GoSkynet(dir, binary);
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** One measured round of {@code leaves} leaves; returns Go's own timing in nanoseconds. */
    long round(long leaves) throws IOException, InterruptedException {
        var output = run(new ProcessBuilder(binary.toString(), Long.toString(leaves), "0", "1"), "the Go skynet");
        var fields = output.strip().split("\\s+");
        if (fields.length != 3 || !fields[0].equals("round")) {
            throw new IllegalStateException("unexpected output from the Go skynet: '" + output.strip() + "'");
        }
        long sum = Long.parseLong(fields[2]);
        if (sum != Skynet.expectedSum(leaves)) {
            throw new IllegalStateException("the Go skynet summed " + sum + ", expected " + Skynet.expectedSum(leaves));
        }
        return Long.parseLong(fields[1]);
    }

    private static String run(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        builder.redirectErrorStream(true);
        var process = builder.start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(what + " failed with exit code " + exit + ": " + output.strip());
        }
        return output;
    }

    @Override
    public void close() {
        delete(dir);
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
