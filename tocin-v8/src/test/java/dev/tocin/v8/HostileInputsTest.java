package dev.tocin.v8;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs that used to kill the JVM (SIGSEGV, V8 fatal out-of-memory: exit 133), each run in a child
 * JVM whose exit status must be 0 and whose report must be the clean exception.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HostileInputsTest {
    @Test
    void deepJsJavaJsReentryIsARangeErrorNotACrash() throws Exception {
        String out = probe("reentry");
        assertThat(out).contains("RangeError: Maximum call nesting depth exceeded").contains("after=2");
    }

    @Test
    void aFunctionHandleCalledBackRecursivelyIsARangeErrorNotACrash() throws Exception {
        String out = probe("handle-reentry");
        assertThat(out).contains("JsException: ").contains("Maximum call nesting depth exceeded").contains("after=4");
    }

    @Test
    void oneLargeAllocationOverTheHeapLimitIsAHeapLimitException() throws Exception {
        String out = probe("large-allocation");
        assertThat(out).contains("outcome=HeapLimitException: ").contains("64 MB");
    }

    @Test
    void heapExhaustionInANestedCallIsAPromptHeapLimitException() throws Exception {
        String out = probe("nested-heap");
        assertThat(out).contains("outcome=HeapLimitException: ").contains("64 MB")
                .doesNotContain("8796093022207").contains("closed=false").contains("after=6");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "small", "fiber", "virtual"})
    void deepRecursionOnAnyCallersStackIsARangeErrorNotACrash(String caller) throws Exception {
        String out = probe("recursion-" + caller);
        // Caller-runs puts the JS on the caller's own stack; only the 256 KB thread hands it to the loop thread.
        assertThat(out.contains("ran on \"Thread[#") && out.contains("tocin-v8-")).isEqualTo(caller.equals("small"));
        assertThat(out).contains("outcome=" + caller + " value ").contains("RangeError: Maximum call stack size exceeded")
                .contains("after=2");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "small", "fiber", "virtual"})
    void deepReentryOnAnyCallersStackIsARangeErrorNotACrash(String caller) throws Exception {
        String out = probe("reentry-" + caller);
        assertThat(out).contains("outcome=" + caller + " value ").contains("RangeError: Maximum call nesting depth exceeded")
                .contains("after=2");
    }

    /**
     * {@code function h(n) { try { return h(n + 1) } catch (e) { return again() } }}: JS catches the
     * stack overflow and, at the limit, calls Java, which calls the runtime again. V8 aborted the
     * JVM there ({@code Check failed: IsOnCentralStack()}, exit 133) on every kind of thread; the
     * re-entry is now refused before V8 is entered, and a shallower catch succeeds.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "loop", "fiber", "virtual"})
    void jsThatCatchesAStackOverflowAndReentersIsARangeErrorNotAnAbort(String caller) throws Exception {
        String out = probe("limit-reentry-" + caller);
        assertAtLimit(out, caller);
        assertThat(out).contains("outcome=" + caller + " value 2")
                .contains("refused=RangeError: Maximum call stack size exceeded: expression would enter JavaScript")
                .contains("after=2");
    }

    /** The same through a JS function handle and through a script, on a caller's stack and on the loop thread. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"handle-platform", "handle-loop", "exec-platform", "exec-loop"})
    void everyKindOfReentryAtTheStackLimitIsRefused(String which) throws Exception {
        String out = probe("limit-" + which);
        String caller = which.substring(which.indexOf('-') + 1);
        assertAtLimit(out, caller);
        assertThat(out).contains("outcome=" + caller + " value 2")
                .contains("refused=RangeError: Maximum call stack size exceeded: ").contains("after=2");
    }

    /** The other direction: a callback entered at the limit that leaves V8 alone returns normally. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "loop", "fiber", "virtual"})
    void aCallbackAtTheStackLimitThatLeavesV8AloneReturns(String caller) throws Exception {
        String out = probe("limit-plain-" + caller);
        assertAtLimit(out, caller);
        assertThat(out).contains("outcome=" + caller + " value ").containsPattern("value \"?plain\"? \\| ran on")
                .contains("java calls=1 |").contains("refused=null").contains("after=2");
    }

    /** The JS ran where the case meant it to: the loop thread for a timer, else the caller's own stack. */
    private static void assertAtLimit(String out, String caller) {
        boolean onLoop = out.contains("ran on tocin-v8-") || out.contains("ran on \"tocin-v8-");
        assertThat(onLoop).as(out).isEqualTo(caller.equals("loop"));
    }

    private static String probe(String which) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xss1m",
                "-cp", System.getProperty("java.class.path"), HostileProbe.class.getName(), which);
        var process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var output = new StringBuilder();
        var reader = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(reading the child's output failed: ").append(e).append(')');
            }
        });
        boolean ended = process.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        String out = output.toString();
        assertThat(ended).as("the child JVM ended: " + out).isTrue();
        assertThat(process.exitValue()).as("exit status of the child JVM running '" + which + "':\n" + out).isZero();
        return out;
    }
}
