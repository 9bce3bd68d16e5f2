package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** tocin run with a CommonJS entry, process.env from --env/--env-file, process.exit and exitCode. */
class RunCommandCommonJsTest {
    @Test
    void runsCommonJsWithNodeEnvProductionByDefault() {
        var run = Cli.run("run", Cli.fixture("cjs/app.cjs"), "a", "b");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("production - a,b 2000ms");
    }

    @Test
    void envFileThenEnvFlagsFillProcessEnv() {
        var run = Cli.run("run", "--env-file", Cli.fixture("cjs/vars.env"), "--env", "NODE_ENV=development", Cli.fixture("cjs/app.cjs"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("development hello env  2000ms");
    }

    @Test
    void processExitEndsTheProgramWithItsCode() {
        var run = Cli.run("run", Cli.fixture("cjs/app.cjs"), "exit");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
        assertThat(run.out()).doesNotContain("not printed");
        var code = Cli.run("run", Cli.fixture("cjs/app.cjs"), "code");
        assertThat(code.exitCode()).as(code.err()).isEqualTo(7);
    }

    @Test
    void aBadEnvEntryIsAUsageError() {
        var run = Cli.run("run", "--env", "NOVALUE", Cli.fixture("cjs/app.cjs"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--env: expected NAME=VALUE").contains("NOVALUE");
    }
}
