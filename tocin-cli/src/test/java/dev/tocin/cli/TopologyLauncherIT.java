package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tocin.runtime.numa.NumaTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tocin topology --json} through the real launcher, from the repository root. */
class TopologyLauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @Test
    void wiringPrintsWhatNumaTopologyDetectReportsAsOneJsonObject(@TempDir Path temp) throws Exception {
        var launcher = ROOT.resolve("tocin");
        assumeTrue(Files.isExecutable(launcher), "no ./tocin launcher at " + launcher);
        var out = temp.resolve("stdout");
        var err = temp.resolve("stderr");
        var process = new ProcessBuilder("./tocin", "topology", "--json").directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // A guard only: the first call may build the CLI.
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./tocin topology --json did not finish");
        }
        var stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        var topology = NumaTopology.detect();
        assertThat(stdout.lines()).hasSize(1);
        assertThat(stdout).startsWith("{\"numaNodes\":[{\"id\":" + topology.nodes().getFirst().id() + ",\"cpus\":")
                .endsWith(",\"pus\":" + topology.pus() + ",\"cores\":" + topology.cores() + ",\"packages\":"
                        + topology.packages() + "}\n");
    }
}
