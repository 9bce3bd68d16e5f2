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
                + "setTimeout(() => console.log('later'), 20);\n"
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
}
