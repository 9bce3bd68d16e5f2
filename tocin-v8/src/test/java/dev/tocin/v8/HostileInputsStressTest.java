package dev.tocin.v8;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "hostile inputs" section of the stress profile ({@code ./mvnw -Pstress -pl tocin-v8 -am verify}):
 * for {@code tocin.stress.hostile.seconds} (the profile sets 180), child JVMs run the crash and hang
 * cases of issue #12 again and again, the value cases ({@link HostileValueProbe}) and the runtime
 * cases ({@link HostileRuntimeProbe}); every child must finish with status 0 and the expected
 * outcome of every case: 0 JVM deaths, 0 hangs.
 */
@EnabledIfSystemProperty(named = "tocin.stress.hostile.seconds", matches = "\\d+")
class HostileInputsStressTest {
    private static final System.Logger LOG = System.getLogger(HostileInputsStressTest.class.getName());

    /** What each runtime case must end with (an error, or the noted result), never a death or a hang. */
    private static final Map<String, String> RUNTIME_EXPECT = Map.of(
            "reentry-depth", "ERR ",
            "large-allocation-under-heap-limit", "ERR ",
            "shutdown-ends-running-js", "OK shutdown returned",
            "unsettled-top-level-await", "ERR ",
            "later-wait-does-not-hold-earlier-answer", "OK answered \"slow\"",
            "run-until-idle-zero-with-interval", "OK idle=");

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void crashAndHangCasesRunTogetherWithNoDeathAndNoHang() throws Exception {
        var budget = Duration.ofSeconds(Long.parseLong(System.getProperty("tocin.stress.hostile.seconds")));
        long end = System.nanoTime() + budget.toNanos();
        var valueCases = new ArrayList<>(HostileValues.ISSUE);
        valueCases.addAll(HostileValues.PROBES);
        var problems = new ArrayList<String>();
        int rounds = 0;
        int deaths = 0;
        int hangs = 0;
        do {
            rounds++;
            var values = HostileValuesTest.runProbe(List.of(), 600);
            if (values.exitCode() == -1) {
                hangs++;
                problems.add("round " + rounds + " value cases hung: " + tail(values.output()));
            } else if (values.exitCode() != 0 || !values.output().contains("DONE")) {
                deaths++;
                problems.add("round " + rounds + " value cases: the JVM died with status " + values.exitCode()
                        + ": " + tail(values.output()));
            }
            for (var c : valueCases) {
                String line = HostileValuesTest.outcome(values.output(), c.name());
                if (!line.contains(c.expect())) {
                    problems.add("round " + rounds + " value case " + c.name() + ": " + line);
                }
            }
            for (var e : RUNTIME_EXPECT.entrySet()) {
                // One child per runtime case, so that a case that kills its JVM hides no other.
                var runtime = runRuntimeProbe(e.getKey());
                String line = HostileValuesTest.outcome(runtime.output(), e.getKey());
                if (runtime.exitCode() == -1 || runtime.exitCode() == HostileRuntimeProbe.HANG_STATUS) {
                    hangs++;
                    problems.add("round " + rounds + " runtime case " + e.getKey() + " hung: " + tail(runtime.output()));
                } else if (runtime.exitCode() != 0 || !runtime.output().contains("DONE")) {
                    deaths++;
                    problems.add("round " + rounds + " runtime case " + e.getKey() + ": the JVM died with status "
                            + runtime.exitCode() + ": " + tail(runtime.output()));
                } else if (!line.startsWith("CASE " + e.getKey() + " " + e.getValue())) {
                    problems.add("round " + rounds + " runtime case " + e.getKey() + ": " + line);
                }
            }
            LOG.log(Level.INFO, "hostile inputs round {0}: {1} deaths, {2} hangs, {3} problems so far",
                    rounds, deaths, hangs, problems.size());
        } while (System.nanoTime() < end);

        assertThat(deaths).as("JVM deaths in %d rounds; problems: %s", rounds, problems).isZero();
        assertThat(hangs).as("hangs in %d rounds; problems: %s", rounds, problems).isZero();
        assertThat(problems).as("cases with an unexpected outcome in %d rounds", rounds).isEmpty();
    }

    private static HostileValuesTest.Child runRuntimeProbe(String caseName) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HostileRuntimeProbe.class.getName(), caseName);
        return HostileValuesTest.runChild(cmd, HostileRuntimeProbe.DEADLINE.toSeconds() + 120);
    }

    /** The end of a child's output, where a fatal error is. */
    private static String tail(String output) {
        return output.length() <= 1500 ? output : "..." + output.substring(output.length() - 1500);
    }
}
