package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCommandTest {
    @Test
    void runsAModuleWithAPackageTimersAndArgumentsLikeNode() {
        var run = Cli.run("run", Cli.fixture("app.mjs"), "one", "two words");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "Hello, World!",
                "flavour: import",
                "args: [\"one\",\"two words\"]",
                "meta: true true",
                "after await",
                "timer: 42");
        assertThat(run.err()).contains("to stderr");
    }

    @Test
    void extraConditionsComeBeforeImportAndNodeIsNeverUsed() {
        var run = Cli.run("run", "--conditions", "tocin-test", Cli.fixture("app.mjs"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Hi, World!").contains("flavour: tocin-test");
    }

    @Test
    void anErrorThrownByAnImportedModuleNamesFileLineAndExitsWith1() {
        var run = Cli.run("run", Cli.fixture("throws.mjs"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("TypeError").contains("the fixture exploded").contains("explode.mjs:2");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingImportNamesTheImportChain() {
        var run = Cli.run("run", Cli.fixture("imports-missing.mjs"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no-such-file.mjs").contains("middle.mjs").contains("imports-missing.mjs");
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        var run = Cli.run("run", Cli.fixture("syntax.mjs"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("SyntaxError").contains("syntax.mjs:2:");
    }

    @Test
    void theProgramMaySetItsExitCode() {
        var run = Cli.run("run", Cli.fixture("exit-code.mjs"));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("exiting with 3");
    }

    @Test
    void anUncaughtErrorInATimerEndsTheRunAtOnceWithExit1() {
        var run = Cli.run("run", Cli.fixture("timer-throws.mjs"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("boom in a timer");
        assertThat(run.out()).doesNotContain("never printed");
    }

    @Test
    void anUnhandledRejectionFailsTheRun() {
        var run = Cli.run("run", Cli.fixture("unhandled.mjs"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("RangeError").contains("nobody handles this");
    }

    @Test
    void timeoutStopsALoopThatNeverEmpties() {
        var run = Cli.run("run", "--timeout", "300ms", Cli.fixture("forever.mjs"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("timed out after 0.3s");
    }

    @Test
    void timeoutStopsBusyJavaScript() {
        var run = Cli.run("run", "--timeout", "300ms", Cli.fixture("busy.mjs"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("timed out after 0.3s");
    }

    @Test
    void priorityAndNumaAreAccepted() {
        var run = Cli.run("run", "--priority", "critical", "--numa", "--max-heap", "64m", Cli.fixture("lib/math.mjs"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingFileIsAUsageErrorNamingThePath() {
        var run = Cli.run("run", "no/such/app.mjs");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Cannot find module file: ")
                .contains(java.nio.file.Path.of("no/such/app.mjs").toAbsolutePath().toString());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(Cli.run("run", "--priority", "URGENT", Cli.fixture("app.mjs")).exitCode()).isEqualTo(2);
        var timeout = Cli.run("run", "--timeout", "soon", Cli.fixture("app.mjs"));
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).contains("'soon' is not a duration");
        var heap = Cli.run("run", "--max-heap", "lots", Cli.fixture("app.mjs"));
        assertThat(heap.exitCode()).isEqualTo(2);
        assertThat(heap.err()).contains("'lots' is not a size");
        var root = Cli.run("run", "--allow-read", "no/such/dir", Cli.fixture("app.mjs"));
        assertThat(root.exitCode()).isEqualTo(2);
        assertThat(root.err()).contains("--allow-read: not a folder:").contains("no/such/dir");
        assertThat(Cli.run("run").exitCode()).isEqualTo(2);
    }

    @Test
    void anUnsettledTopLevelAwaitExitsWith13() throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("tocin-tla");
        var module = dir.resolve("tla.mjs");
        java.nio.file.Files.writeString(module, "await new Promise(() => {});\n");
        var run = Cli.run("run", module.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(13);
        assertThat(run.err()).contains("Detected unsettled top-level await").contains("tla.mjs");
    }

    @Test
    void pendingTimersAtTheDeadlineAreReportedAsPending() {
        var run = Cli.run("run", "--timeout", "300ms", Cli.fixture("forever.mjs"));
        assertThat(run.err()).contains("timed out after 0.3s (--timeout)").contains("still pending")
                .doesNotContain("JavaScript was still running");
    }
}
