package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvalCommandTest {
    @Test
    void printsTheLastValue() {
        var run = Cli.run("eval", "const a = 20; a * 2 + 2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("42" + System.lineSeparator());
    }

    @Test
    void stringsPrintAsTheyAreAndObjectsInspected() {
        assertThat(Cli.run("eval", "'Hello, ' + 'World!'").out().strip()).isEqualTo("Hello, World!");
        assertThat(Cli.run("eval", "({ a: [1, 'x'], b: null })").out().strip()).isEqualTo("{ a: [ 1, 'x' ], b: null }");
    }

    @Test
    void undefinedIsNotPrintedButConsoleOutputIs() {
        var run = Cli.run("eval", "console.log('hi')");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("hi" + System.lineSeparator());
    }

    @Test
    void importsTopLevelAwaitAndTimersWork() {
        var lib = Cli.FIXTURES.resolve("lib/math.mjs").toUri().toString();
        var run = Cli.run("eval", "import { twice } from '" + lib + "';\n"
                // 'later' is due 295 ms after the value: a timer already due when the value is printed may run
                // first (the loop thread runs timers as soon as the isolate is free), so keep it far out of reach.
                + "setTimeout(() => console.log('later'), 300);\n"
                + "await new Promise(r => setTimeout(r, 5));\n"
                + "twice(tocin.args.length)", "a", "b");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("4", "later");
    }

    @Test
    void aThrowExitsWith1AndShowsTheError() {
        var run = Cli.run("eval", "null.x");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("TypeError");
        var syntax = Cli.run("eval", "1 +* 2");
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err()).contains("SyntaxError");
    }

    @Test
    void thrownValuesThatAreNotErrorsPrintAsNodeShowsThem() {
        var number = Cli.run("eval", "throw 42");
        assertThat(number.exitCode()).isEqualTo(1);
        assertThat(number.err()).contains("Uncaught 42").doesNotContain("null");
        assertThat(Cli.run("eval", "throw 'boom'").err()).contains("Uncaught 'boom'");
        assertThat(Cli.run("eval", "throw {code: 1}").err()).contains("Uncaught { code: 1 }");
        var rejected = Cli.run("eval", "Promise.reject(42); undefined");
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.err()).contains("Uncaught 42").doesNotContain("Uncaught Uncaught");
    }

    @Test
    void anUnsettledTopLevelAwaitExitsWith13LikeNode() {
        var run = Cli.run("eval", "await new Promise(() => {})");
        assertThat(run.exitCode()).isEqualTo(13);
        assertThat(run.err()).contains("Detected unsettled top-level await");
    }

    @Test
    void theTimeoutReportSaysThatJavaScriptWasRunning() {
        var run = Cli.run("eval", "--timeout", "1s", "while (true) {}");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("timed out after 1s (--timeout)")
                .containsAnyOf("JavaScript was still running", "JavaScript ran that long without returning")
                .doesNotContain("pending");
    }
}
