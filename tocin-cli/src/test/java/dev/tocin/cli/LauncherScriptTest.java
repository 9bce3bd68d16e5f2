package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's decisions (build, AOT training, JVM options), on a copy of {@code ./tocin} in
 * a fake repository whose {@code mvnw} and JDK are scripts that record how they were called.
 * The real JDK and build are {@link LauncherIT}'s and {@link LauncherAotIT}'s.
 */
class LauncherScriptTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @TempDir
    Path root;

    private Path calls;
    private Path jdk;

    record Run(int exitCode, String out, String err, List<String> calls) {
        boolean built() {
            return calls.contains("mvnw");
        }

        boolean trained() {
            return calls.stream().anyMatch(c -> c.startsWith("java ") && c.contains("-XX:AOTCacheOutput="));
        }

        String program() {
            return calls.stream().filter(c -> c.startsWith("java ") && c.contains("dev.tocin.cli.Main")
                    && !c.contains("-XX:AOTCacheOutput=")).reduce((a, b) -> b).orElseThrow();
        }
    }

    @BeforeEach
    void fakeRepository() throws IOException {
        Files.createDirectories(root.resolve(".mvn"));
        Files.copy(REPO.resolve("tocin"), root.resolve("tocin"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(REPO.resolve(".mvn/find-jdk.sh"), root.resolve(".mvn/find-jdk.sh"));
        calls = root.resolve("calls.log");
        write("pom.xml", "<project/>");
        write("tocin-cli/pom.xml", "<project/>");
        write("tocin-cli/src/main/java/A.java", "class A {}");
        write("tocin-cli/src/test/java/ATest.java", "class ATest {}");
        write("tocin-cli/src/aot/training.mjs", "console.log('training')");
        write("lib/dep.jar", "dep");
        write("tocin-core/pom.xml", "<project/>");
        write("tocin-core/src/main/java/Core.java", "class Core {}");
        write("tocin-other/pom.xml", "<project/>"); // a module the CLI does not depend on
        write("tocin-other/src/main/java/Other.java", "class Other {}");
        // The build: a jar and the classpath file, as the real package phase writes them.
        script("mvnw", """
                echo mvnw >> "$ROOT/calls.log"
                mkdir -p "$ROOT/tocin-cli/target"
                echo jar > "$ROOT/tocin-cli/target/tocin-cli-1.jar"
                mkdir -p "$ROOT/tocin-core/target"
                echo jar > "$ROOT/tocin-core/target/tocin-core-1.jar"
                printf '%s' "$ROOT/tocin-core/target/tocin-core-1.jar:$ROOT/lib/dep.jar" > "$ROOT/tocin-cli/target/classpath.txt"
                """);
        jdk = root.resolve("jdk");
        write("jdk/release", "JAVA_VERSION=\"25.0.1\"\n");
        write("jdk/lib/modules", "modules");
        script("jdk/bin/javac", "exit 0");
        // The JVM: records its arguments; a training run writes the cache unless told to fail.
        script("jdk/bin/java", """
                echo "java $*" >> "$ROOT/calls.log"
                for a in "$@"; do
                  case $a in -XX:AOTCacheOutput=*)
                    [ -f "$ROOT/fail-training" ] && exit 3
                    echo aot > "${a#-XX:AOTCacheOutput=}" ;;
                  esac
                done
                echo "program output"
                """);
    }

    @Test
    void firstUseBuildsAndTrainsThenNothingChangedMeansNeitherAgain() throws Exception {
        var first = tocin(Map.of(), "run", "x.mjs");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.built()).isTrue();
        assertThat(first.trained()).isTrue();
        assertThat(first.err()).contains("building the CLI").contains("creating the JVM's AOT cache");
        assertThat(first.out()).isEqualTo("program output\n");
        assertThat(first.program()).contains("-XX:AOTCache=" + root.resolve("tocin-cli/target/tocin.aot"))
                .contains("-XX:+UseSerialGC").endsWith("dev.tocin.cli.Main run x.mjs")
                .contains("-cp " + classpath());

        var second = tocin(Map.of(), "run", "x.mjs");
        assertThat(second.built()).isFalse();
        assertThat(second.trained()).isFalse();
        assertThat(second.err()).isEmpty();
        assertThat(second.program()).contains("-XX:AOTCache=");
    }

    @Test
    void aChangedSourceOrPomOfTheCliOrItsModulesRebuildsAndRetrainsButATestFileOrAnotherModuleDoesNot() throws Exception {
        tocin(Map.of());
        for (var unrelated : List.of("tocin-cli/src/test/java/ATest.java", "tocin-other/src/main/java/Other.java",
                "tocin-other/pom.xml")) {
            age(unrelated, +5);
            var run = tocin(Map.of());
            assertThat(run.built()).as(unrelated).isFalse();
            assertThat(run.trained()).as(unrelated).isFalse();
        }

        for (var source : List.of("tocin-cli/src/main/java/A.java", "tocin-cli/pom.xml", "pom.xml",
                "tocin-core/src/main/java/Core.java", "tocin-core/pom.xml")) {
            ageEverything(-20);
            age(source, -1);
            var run = tocin(Map.of());
            assertThat(run.built()).as(source).isTrue();
            assertThat(run.trained()).as(source).isTrue(); // the build wrote a newer jar
            assertThat(tocin(Map.of()).built()).as(source).isFalse();
        }
    }

    @Test
    void aChangedDependencyJarOrJdkRetrainsWithoutABuild() throws Exception {
        tocin(Map.of());
        ageEverything(-20);
        age("lib/dep.jar", -1);
        var jar = tocin(Map.of());
        assertThat(jar.built()).isFalse();
        assertThat(jar.trained()).isTrue();

        ageEverything(-20);
        age("jdk/lib/modules", -1);
        var jdkUpdate = tocin(Map.of());
        assertThat(jdkUpdate.built()).isFalse();
        assertThat(jdkUpdate.trained()).isTrue();
        var after = tocin(Map.of());
        assertThat(after.trained()).as(after.err() + after.calls()).isFalse();
    }

    @Test
    void aFailedTrainingRunNeverFailsTheRunAndIsNotRetriedUntilTheJarsChange() throws Exception {
        write("fail-training", "");
        var first = tocin(Map.of(), "--version");
        assertThat(first.exitCode()).isZero();
        assertThat(first.trained()).isTrue();
        assertThat(first.err()).contains("could not create the AOT cache");
        assertThat(first.program()).doesNotContain("-XX:AOTCache");
        var second = tocin(Map.of(), "--version");
        assertThat(second.trained()).isFalse();
        assertThat(second.err()).isEmpty();

        Files.delete(root.resolve("fail-training"));
        ageEverything(-20);
        age("lib/dep.jar", -1);
        var third = tocin(Map.of(), "--version");
        assertThat(third.trained()).isTrue();
        assertThat(third.program()).contains("-XX:AOTCache=");
    }

    @Test
    void optionsFromTheEnvironmentComeLastAndAGcChoiceReplacesTheDefault() throws Exception {
        var run = tocin(Map.of("TOCIN_JAVA_OPTS", "-Xmx2g -XX:+UseG1GC"), "run", "a.mjs");
        assertThat(run.program()).contains("-Xmx2g -XX:+UseG1GC -cp").doesNotContain("UseSerialGC");
        var plain = tocin(Map.of("TOCIN_JAVA_OPTS", "-Xmx2g"), "run", "a.mjs");
        assertThat(plain.program()).contains("-XX:+UseSerialGC").contains("-Xmx2g -cp");
    }

    @Test
    void shortCommandsRunOnC1OnlyAndTheLongJavaWorkloadsKeepC2() throws Exception {
        assertThat(tocin(Map.of(), "run", "a.mjs").program()).contains("-XX:TieredStopAtLevel=1");
        assertThat(tocin(Map.of()).program()).contains("-XX:TieredStopAtLevel=1");
        assertThat(tocin(Map.of(), "--verbose", "eval", "1").program()).contains("-XX:TieredStopAtLevel=1");
        assertThat(tocin(Map.of(), "bench", "--quick").program()).doesNotContain("TieredStopAtLevel");
        assertThat(tocin(Map.of(), "--verbose", "stats").program()).doesNotContain("TieredStopAtLevel");
        assertThat(tocin(Map.of("TOCIN_JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "run", "a.mjs").program())
                .contains("-XX:TieredStopAtLevel=1").endsWith("-XX:TieredStopAtLevel=4 -cp " + classpath() + " dev.tocin.cli.Main run a.mjs");
    }

    @Test
    void shortCommandsGetTheSerialCollectorAndTheLongJavaWorkloadsTheParallelOne() throws Exception {
        assertThat(tocin(Map.of(), "run", "a.mjs").program()).contains("-XX:+UseSerialGC").doesNotContain("UseParallelGC");
        assertThat(tocin(Map.of(), "--verbose", "eval", "1").program()).contains("-XX:+UseSerialGC");
        assertThat(tocin(Map.of(), "bench", "scheduler").program()).contains("-XX:+UseParallelGC").doesNotContain("UseSerialGC");
        assertThat(tocin(Map.of(), "--verbose", "stats").program()).contains("-XX:+UseParallelGC");
        assertThat(tocin(Map.of("TOCIN_JAVA_OPTS", "-XX:+UseG1GC"), "bench").program())
                .doesNotContain("UseParallelGC").doesNotContain("UseSerialGC").contains("-XX:+UseG1GC");
    }

    @Test
    void noAotAndNoBuildAreHonoured() throws Exception {
        var noAot = tocin(Map.of("TOCIN_NO_AOT", "1"));
        assertThat(noAot.built()).isTrue();
        assertThat(noAot.trained()).isFalse();
        assertThat(noAot.program()).doesNotContain("AOTCache");

        age("tocin-cli/src/main/java/A.java", +5);
        var noBuild = tocin(Map.of("TOCIN_NO_BUILD", "1"));
        assertThat(noBuild.exitCode()).isEqualTo(1);
        assertThat(noBuild.err()).contains("TOCIN_NO_BUILD=1");
        assertThat(noBuild.built()).isFalse();
    }

    @Test
    void aCacheFolderThatCannotBeWrittenMeansRunningWithoutTheCache() throws Exception {
        // Even root cannot create folders under /proc: stands for a read-only install.
        var run = tocin(Map.of("TOCIN_AOT_CACHE", "/proc/tocin-no-such-folder/tocin.aot"), "run", "a.mjs");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.trained()).isFalse();
        assertThat(run.program()).doesNotContain("AOTCache");
        assertThat(run.out()).isEqualTo("program output\n");
    }

    @Test
    void installedJarsWithoutSourcesAreNeverRebuilt() throws Exception {
        tocin(Map.of());
        ageEverything(-20);
        age("pom.xml", -1);
        deleteTree(root.resolve("tocin-cli/src"));
        var run = tocin(Map.of());
        assertThat(run.exitCode()).isZero();
        assertThat(run.built()).isFalse();
    }

    private String classpath() {
        return root.resolve("tocin-cli/target/tocin-cli-1.jar") + ":" + root.resolve("tocin-core/target/tocin-core-1.jar")
                + ":" + root.resolve("lib/dep.jar");
    }

    private Run tocin(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Files.deleteIfExists(calls);
        var command = new ArrayList<>(List.of(root.resolve("tocin").toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("ROOT", root.toString());
        pb.environment().remove("TOCIN_JAVA_OPTS");
        pb.environment().remove("TOCIN_AOT_CACHE");
        pb.environment().remove("TOCIN_NO_AOT");
        pb.environment().remove("TOCIN_NO_BUILD");
        pb.environment().putAll(env);
        var out = root.resolve("out.txt");
        var err = root.resolve("err.txt");
        var p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish");
        }
        var recorded = Files.exists(calls) ? Files.readAllLines(calls) : List.<String>of();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), recorded);
    }

    private void write(String path, String text) throws IOException {
        var file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void script(String path, String body) throws IOException {
        write(path, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(root.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sets the file's mtime to now plus {@code seconds} (the kernel stamps writes with a coarse clock: stay a second away). */
    private void age(String path, int seconds) throws IOException {
        Files.setLastModifiedTime(root.resolve(path), FileTime.fromMillis(System.currentTimeMillis() + seconds * 1000L));
    }

    /** Moves every file of the fake repository {@code seconds} from now (negative: into the past). */
    private void ageEverything(int seconds) throws IOException {
        var time = FileTime.fromMillis(System.currentTimeMillis() + seconds * 1000L);
        try (var files = Files.walk(root)) {
            for (var f : files.toList()) {
                Files.setLastModifiedTime(f, time);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (var f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
