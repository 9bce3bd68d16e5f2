package dev.tocin.examples.v8;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ModulesExampleTest {
    @Test
    void printsWhatTheSeedGuidePromises() {
        var bytes = new ByteArrayOutputStream();
        ModulesExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "exports: Calculator, PI, greet",
                "PI = 3.14159",
                "myValue + 1 = 43",
                "executeCode -> Hello, World!",
                "callFunction -> Hello, Ada!",
                "calc.multiply(6, 7) = 42",
                "JS says: Hello, from JS!",
                "PI * 2 = 6.28318");
    }
}
