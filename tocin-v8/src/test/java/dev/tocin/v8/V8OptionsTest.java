package dev.tocin.v8;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class V8OptionsTest {
    @Test
    void toBuilderCarriesEveryOptionOver() {
        IntConsumer exit = code -> { };
        var options = V8Options.builder()
                .timeout(Duration.ofSeconds(3)).maxHeapMb(64).allowRead(Path.of("/srv/app"))
                .conditions("worker").allowData(true).allowRemote(true).codeCache(Path.of("/tmp/cache"))
                .allowNet("example.com:443").env(Map.of("NODE_ENV", "test")).onExit(exit).loopAffinity(java.util.List.of(1))
                .build();
        assertThat(options.toBuilder().build()).isEqualTo(options);
        // The pool derives its isolates' options this way: a changed cache folder keeps the rest.
        var derived = options.toBuilder().codeCache(Path.of("/tmp/other")).build();
        assertThat(derived.codeCache()).isEqualTo(Path.of("/tmp/other"));
        assertThat(derived.allowNet()).containsExactly("example.com:443");
        assertThat(derived.env()).containsExactly(Map.entry("NODE_ENV", "test"));
        assertThat(derived.onExit()).isSameAs(exit);
        assertThat(derived.loopCpus()).containsExactly(1);
    }
}
