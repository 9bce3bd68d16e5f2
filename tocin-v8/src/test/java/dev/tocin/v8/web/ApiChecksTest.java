package dev.tocin.v8.web;

import dev.tocin.v8.ConsoleSink;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api-checks.js (82 checks of the web globals) against the output Node 20 printed for the same
 * file (api-checks.node20.txt), line by line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiChecksTest {
    /** Node 20 decodes windows-1252 bytes 0x80-0x9F as ISO-8859-1; the Encoding standard (and Tocin) maps them. */
    private static final String WINDOWS_1252_LINE = "30 decode windows-1252: \u20AC\u0178\u00E9";

    @Test
    void sameOutputAsNode20() {
        var out = new CopyOnWriteArrayList<String>();
        ConsoleSink sink = (level, text) -> out.add(text);
        try (var rt = new V8Runtime(V8Options.builder().console(sink).build())) {
            rt.executeCode(read("api-checks.js"));
            assertThat(rt.runUntilIdle(Duration.ofSeconds(60))).isTrue();
        }
        List<String> node = List.of(read("api-checks.node20.txt").split("\n"));
        assertThat(node).hasSize(83).last().isEqualTo("checks: 82");
        assertThat(out).hasSize(node.size());
        var differing = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).equals(out.get(i))) {
                differing.add("node: " + node.get(i) + " | tocin: " + out.get(i));
            }
        }
        assertThat(differing).hasSize(1);
        assertThat(out.get(29)).isEqualTo(WINDOWS_1252_LINE);
    }

    private static String read(String name) {
        try (InputStream in = ApiChecksTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
