package dev.tocin.v8;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile JS values crossing to Java never kill the JVM: each case runs in a child JVM
 * ({@link HostileValueProbe}), which must exit 0 after printing the expected outcome of every
 * case. Before the fixes the first issue case ended the child with V8's
 * {@code Check failed: has_exception()} (exit 133).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class HostileValuesTest {

    @Test
    void theReportedCrashesAndCostsOfIssue12AreClearResultsInALiveJvm() throws Exception {
        assertOutcomes(HostileValues.ISSUE);
    }

    @Test
    void anIndependentSetOfHostileValuesGivesClearResultsInALiveJvm() throws Exception {
        assertOutcomes(HostileValues.PROBES);
    }

    private static void assertOutcomes(List<HostileValues.Case> cases) throws Exception {
        var names = cases.stream().map(HostileValues.Case::name).toList();
        var child = runProbe(names, 300);
        assertThat(child.exitCode()).as("child JVM exit status; output:%n%s", child.output()).isZero();
        assertThat(child.output()).as("child output").contains("DONE");
        for (var c : cases) {
            assertThat(outcome(child.output(), c.name())).as("case %s (%s)", c.name(), c.code()).contains(c.expect());
        }
    }

    /** The outcome line the probe printed for case {@code name} (empty if none). */
    static String outcome(String output, String name) {
        return output.lines().filter(l -> l.startsWith("CASE " + name + " ")).findFirst().orElse("");
    }

    /** What a child JVM printed and how it ended (exit code -1: killed after {@code timeoutSeconds}). */
    record Child(int exitCode, String output) {
    }

    /** Runs {@link HostileValueProbe} with the given case names in a child JVM. */
    static Child runProbe(List<String> caseNames, long timeoutSeconds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HostileValueProbe.class.getName()));
        cmd.addAll(caseNames);
        return runChild(cmd, timeoutSeconds);
    }

    /** Runs {@code cmd}, collecting its output; killed (exit code -1) after {@code timeoutSeconds}. */
    static Child runChild(List<String> cmd, long timeoutSeconds) throws Exception {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new StringBuilder();
        var reader = Thread.ofPlatform().daemon().start(() -> {
            try (var in = p.getInputStream()) {
                out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                out.append("(reading the child's output failed: ").append(e).append(')');
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(30));
            return new Child(-1, out.toString());
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return new Child(p.exitValue(), out.toString());
    }
}
