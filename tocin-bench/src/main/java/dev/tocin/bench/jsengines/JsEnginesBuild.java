package dev.tocin.bench.jsengines;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@code tocin-bench-js} module built with {@code -Pjs-engines} into its own output folder
 * (so a running CLI's jars are never rewritten under it): found from the source tree this
 * class was built from, rebuilt when missing or older than any source or pom it depends on.
 */
final class JsEnginesBuild {
    private static final List<String> MODULES = List.of("tocin-runtime", "tocin-v8", "tocin-bench", "tocin-bench-js");

    private final Path root;
    private final String output;

    JsEnginesBuild(Path root, String output) {
        this.root = root;
        this.output = output;
    }

    /**
     * The source tree: {@code -Dtocin.home}, else the first folder above this class's jar (or the
     * working directory) holding {@code mvnw} and {@code tocin-bench-js/pom.xml}.
     */
    static Path findRoot() {
        String home = System.getProperty("tocin.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Stream<Path> starts = Stream.of(codeLocation(), Optional.of(Path.of("").toAbsolutePath()))
                .flatMap(Optional::stream);
        return starts.flatMap(start -> Stream.iterate(start, p -> p != null, Path::getParent))
                .filter(p -> Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("tocin-bench-js/pom.xml")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the js-engines suite runs from a Tocin source tree "
                        + "(it builds tocin-bench-js with -Pjs-engines): no folder with mvnw and tocin-bench-js/pom.xml "
                        + "above " + codeLocation().map(Path::toString).orElse("?") + " or the working directory; "
                        + "set -Dtocin.home=<source tree>"));
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = JsEnginesBuild.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    private Path target() {
        return root.resolve("tocin-bench-js").resolve(output);
    }

    private Path classpathFile() {
        return target().resolve("classpath.txt");
    }

    /** Builds unless up to date; one build at a time across processes (a file lock). */
    void ensureBuilt(Consumer<String> progress) throws IOException, InterruptedException {
        Path state = root.resolve(".tocin");
        Files.createDirectories(state);
        try (var lock = FileChannel.open(state.resolve("js-engines-build.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lock.lock(); // released when the channel closes
            if (!stale()) {
                return;
            }
            Path log = state.resolve("js-engines-build.log");
            progress.accept("building tocin-bench-js with -Pjs-engines (first use or sources changed; GraalJS jars "
                    + "come from Maven Central once; log: " + log + ")");
            Process p = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-q", "-Pjs-engines",
                    "-Dtocin.target=" + output, "-Dmaven.test.skip=true", "-pl", "tocin-bench-js", "-am", "package")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (p.waitFor() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException("building tocin-bench-js failed; the end of " + log + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            Files.setLastModifiedTime(classpathFile(), FileTime.fromMillis(System.currentTimeMillis()));
        }
    }

    private boolean stale() throws IOException {
        if (!Files.isRegularFile(classpathFile()) || !Files.isRegularFile(target().resolve("graal-compiler-path.txt"))
                || moduleJar().isEmpty()) {
            return true;
        }
        FileTime built = Files.getLastModifiedTime(classpathFile());
        if (Files.getLastModifiedTime(root.resolve("pom.xml")).compareTo(built) > 0) {
            return true;
        }
        for (String module : MODULES) {
            Path dir = root.resolve(module);
            if (Files.getLastModifiedTime(dir.resolve("pom.xml")).compareTo(built) > 0) {
                return true;
            }
            Path main = dir.resolve("src/main");
            if (Files.isDirectory(main)) {
                try (Stream<Path> files = Files.walk(main)) {
                    if (files.anyMatch(f -> newer(f, built))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Path> moduleJar() throws IOException {
        if (!Files.isDirectory(target())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target())) {
            return files.filter(f -> f.getFileName().toString().matches("tocin-bench-js-.*\\.jar")).findFirst();
        }
    }

    /** The module's jar and its whole runtime classpath (GraalJS included): the stock JVM's {@code -cp}. */
    String classpath() throws IOException {
        return join(Stream.concat(moduleJar().stream(), entries().stream()).toList());
    }

    /** The same without GraalVM's jars, which the JVMCI run puts on the module path instead. */
    String classpathWithoutGraal() throws IOException {
        return join(Stream.concat(moduleJar().stream(), entries().stream().filter(p -> !isGraal(p))).toList());
    }

    /** GraalVM's polyglot, Truffle and GraalJS jars, for {@code --module-path}. */
    String graalModulePath() throws IOException {
        return join(entries().stream().filter(JsEnginesBuild::isGraal).toList());
    }

    /** The Graal compiler jar, for {@code --upgrade-module-path}. */
    String graalCompiler() throws IOException {
        return Files.readString(target().resolve("graal-compiler-path.txt")).strip();
    }

    private List<Path> entries() throws IOException {
        return Stream.of(Files.readString(classpathFile()).strip().split(File.pathSeparator))
                .filter(s -> s.endsWith(".jar")) // pom-type dependencies (js-community) are listed too
                .map(Path::of).toList();
    }

    private static boolean isGraal(Path jar) {
        return jar.toString().replace(File.separatorChar, '/').contains("/org/graalvm/");
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }
}
