package dev.tocin.v8.module;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** swc is called on whatever thread loads a module: many threads at once get their own answers. */
class JsParserConcurrencyTest {
    @Test
    void concurrentTransformsNeverMixUpSources() throws Exception {
        int threads = 8;
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int r = 0; r < rounds; r++) {
                        String spec = "./m" + id + "_" + r + ".mjs";
                        String source = "const x" + r + " = await import('" + spec + "');\nexport const u = import.meta.url;";
                        JsParser.Result module = JsParser.module(source);
                        assertThat(module.code()).isEqualTo("const x" + r + " = await $tcImp('" + spec + "');\nexport const u = $tcMta     .url;");
                        assertThat(module.imports()).singleElement().satisfies(i -> assertThat(i.specifier()).isEqualTo(spec));
                        JsParser.Result repl = JsParser.repl("let v" + id + " = " + r + "; v" + id, true);
                        assertThat(repl.code()).isEqualTo("var v" + id + " = " + r + "; v" + id);
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (var f : results) {
                assertThat(f.get()).isEqualTo(rounds);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
