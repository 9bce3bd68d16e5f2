package dev.tocin.examples.v8;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsExampleTest {
    @Test
    void runawayCodeIsStoppedAndTheRuntimeCarriesOn() {
        var bytes = new ByteArrayOutputStream();
        LimitsExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "timeout: code ran longer than the execution timeout of 250 ms and was terminated",
                "still usable: yes",
                "heap: runtime closed = false",
                "still usable: yes");
    }
}
