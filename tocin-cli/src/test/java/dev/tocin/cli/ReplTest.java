package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.v8.JsException;
import org.junit.jupiter.api.Test;

class ReplTest {
    @Test
    void readsStatementsFromStdinAndPrintsValuesThatAreNotUndefined() {
        var run = Cli.withStdin("""
                const x = 40
                x + 2
                'text'
                [1, 2]
                console.log('logged')
                """);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("42", "'text'", "[ 1, 2 ]", "logged");
    }

    @Test
    void unfinishedInputContinuesOnTheNextLines() {
        var run = Cli.withStdin("""
                function add(a, b) {
                  return a + b;
                }
                add(
                  1,
                  2)
                `multi
                line`
                """);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("3", "'multi\\nline'");
    }

    @Test
    void importStatementsWorkAndDeclarationsPersist() {
        var lib = Cli.FIXTURES.resolve("lib/math.mjs").toUri().toString();
        var run = Cli.withStdin("import { twice } from '" + lib + "';\nlet n = twice(4)\nn + 1\n");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("9");
    }

    @Test
    void errorsArePrintedAndTheReplGoesOnButTheExitCodeSaysSo() {
        var run = Cli.withStdin("nope\n1 + 1\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("ReferenceError").contains("nope");
        assertThat(run.out().lines().toList()).containsExactly("2");
    }

    @Test
    void inputThatEndsUnfinishedIsReported() {
        var run = Cli.withStdin("function f() {\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("SyntaxError");
    }

    @Test
    void dotCommands() {
        var run = Cli.withStdin(".help\n1\n.exit\n2\n");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(".exit").contains("1" + System.lineSeparator()).doesNotContain("2" + System.lineSeparator());
    }

    @Test
    void pendingTimersRunBeforeTheExit() {
        var run = Cli.withStdin("setTimeout(() => console.log('late'), 20); undefined\n");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("late");
    }

    @Test
    void onlyErrorsAtTheVeryEndCountAsUnfinished() {
        assertThat(Repl.unfinished("f(\n", syntax("Unexpected end of input", 2, 1))).isTrue();
        assertThat(Repl.unfinished("1 +* 2\n", syntax("Unexpected token '*'", 1, 4))).isFalse();
        assertThat(Repl.unfinished("x\n", new JsException("ReferenceError", "x is not defined", "repl", 1, 1, "", "x"))).isFalse();
    }

    private static JsException syntax(String message, int line, int column) {
        return new JsException("SyntaxError", message, "repl", line, column, "", message);
    }
}
