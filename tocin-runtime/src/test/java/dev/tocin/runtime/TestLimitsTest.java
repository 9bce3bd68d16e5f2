package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The build gives every test method a time limit with a thread dump (root pom,
 * {@code tocin.test.junitParameters}); without it a wedged scheduler would hang CI instead of
 * failing it. A fiber's join has no limit of its own, so this guards the configuration.
 */
class TestLimitsTest {
    private Optional<String> timeout = Optional.empty();
    private Optional<String> threadDump = Optional.empty();

    @RegisterExtension
    final BeforeEachCallback configuration = context -> {
        timeout = context.getConfigurationParameter("junit.jupiter.execution.timeout.default");
        threadDump = context.getConfigurationParameter("junit.jupiter.execution.timeout.threaddump.enabled");
    };

    @Test
    void everyTestMethodHasATimeLimitThatDumpsTheThreads() {
        assertThat(timeout).hasValue("5 m");
        assertThat(threadDump).hasValue("true");
    }
}
