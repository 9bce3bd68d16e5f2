package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --allow-net [HOST[:PORT]]} on run and eval, against a loopback server; run waits for the fetch. */
class AllowNetOptionTest {
    private static HttpServer server;
    private static String url;
    private static String port;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        port = String.valueOf(server.getAddress().getPort());
        url = "http://127.0.0.1:" + port + "/";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private String fetchCode() {
        return "(await fetch('" + url + "')).text()";
    }

    @Test
    void withoutTheOptionFetchIsRefused() {
        var run = Cli.run("eval", fetchCode());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("TypeError").contains("Requires net access to \"127.0.0.1:" + port + "\"");
    }

    @Test
    void hostHostAndPortAndAllAreAccepted() {
        for (var args : new String[][]{{"--allow-net", "127.0.0.1"}, {"--allow-net=127.0.0.1:" + port},
                {"--allow-net", "localhost", "--allow-net", "127.0.0.1:" + port}}) {
            var all = new String[args.length + 2];
            all[0] = "eval";
            System.arraycopy(args, 0, all, 1, args.length);
            all[all.length - 1] = fetchCode();
            var run = Cli.run(all);
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
            assertThat(run.out().strip()).isEqualTo("pong");
        }
        var wrongPort = Cli.run("eval", "--allow-net", "127.0.0.1:1", fetchCode());
        assertThat(wrongPort.exitCode()).isEqualTo(1);
        assertThat(wrongPort.err()).contains("Requires net access");
    }

    @Test
    void aloneBeforeTheScriptItAllowsEveryHostAndRunWaitsForTheFetch(@TempDir Path dir) throws IOException {
        var script = dir.resolve("main.mjs");
        Files.writeString(script, "fetch('" + url + "').then((r) => r.text()).then((t) => console.log('got ' + t));\n");
        var run = Cli.run("run", "--allow-net", script.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("got pong");
    }
}
