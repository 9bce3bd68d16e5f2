package dev.tocin.v8.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** fetch against a loopback com.sun.net.httpserver server: GET, POST JSON, 404, bytes, abort, redirects, permissions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FetchTest {
    private static HttpServer server;
    private static String base;
    private static final CountDownLatch SLOW_ARRIVED = new CountDownLatch(1);
    private static final CountDownLatch SLOW_RELEASE = new CountDownLatch(1);
    private static V8Runtime rt;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/text", ex -> send(ex, 200, "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String json = "{\"method\":\"" + ex.getRequestMethod() + "\",\"type\":\""
                    + ex.getRequestHeaders().getFirst("content-type") + "\",\"custom\":\""
                    + ex.getRequestHeaders().getFirst("x-custom") + "\",\"body\":"
                    + new String(body, StandardCharsets.UTF_8) + "}";
            send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/missing", ex -> send(ex, 404, "text/plain", "no".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/bytes", ex -> {
            var bytes = new byte[256];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            send(ex, 200, "application/octet-stream", bytes);
        });
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("location", "/text");
            send(ex, 302, null, new byte[0]);
        });
        server.createContext("/away", ex -> {
            ex.getResponseHeaders().add("location", "http://localhost:" + server.getAddress().getPort() + "/text");
            send(ex, 307, null, new byte[0]);
        });
        server.createContext("/slow", ex -> {
            SLOW_ARRIVED.countDown();
            try {
                SLOW_RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, "text/plain", "late".getBytes(StandardCharsets.UTF_8));
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        rt = new V8Runtime(V8Options.builder().allowNet("127.0.0.1").build());
        rt.exportValue("base", FFIValue.of(base));
    }

    @AfterAll
    static void stop() {
        SLOW_RELEASE.countDown();
        rt.close();
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("content-type", type);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String run(String code) {
        return rt.executeCode(code).asString();
    }

    @Test
    void getText() {
        assertThat(run("const r = await fetch(base + '/text');"
                + " [r.status, r.ok, r.statusText, r.headers.get('content-type'), r.url === base + '/text', r.redirected,"
                + " await r.text(), r.bodyUsed].join()"))
                .isEqualTo("200,true,OK,text/plain,true,false,hello,true");
    }

    @Test
    void charactersTheUrlStandardLeavesUnescapedAreSent() {
        assertThat(run("const r = await fetch(base + '/echo?q={a|b}^`%zz[x]#frag', { method: 'POST', body: '1' });"
                + " [r.status, r.url === base + '/echo?q={a|b}^`%zz[x]', (await r.json()).body].join()"))
                .isEqualTo("200,true,1");
    }

    @Test
    void postJson() {
        assertThat(run("const r = await fetch(base + '/echo', { method: 'POST', headers: { 'content-type': 'application/json',"
                + " 'x-custom': 'yes' }, body: JSON.stringify({ n: [1, 2] }) });"
                + " JSON.stringify(await r.json())"))
                .isEqualTo("{\"method\":\"POST\",\"type\":\"application/json\",\"custom\":\"yes\",\"body\":{\"n\":[1,2]}}");
    }

    @Test
    void notFound() {
        assertThat(run("const r = await fetch(base + '/missing'); [r.status, r.ok, r.statusText, await r.text()].join()"))
                .isEqualTo("404,false,Not Found,no");
    }

    @Test
    void bytes() {
        assertThat(run("const b = new Uint8Array(await (await fetch(base + '/bytes')).arrayBuffer());"
                + " b.length + ':' + b.every((x, i) => x === i)"))
                .isEqualTo("256:true");
    }

    @Test
    void redirects() {
        assertThat(run("const r = await fetch(base + '/redirect'); [r.status, r.redirected, r.url === base + '/text', await r.text()].join()"))
                .isEqualTo("200,true,true,hello");
        assertThat(run("const m = await fetch(base + '/redirect', { redirect: 'manual' }); [m.status, m.headers.get('location')].join()"))
                .isEqualTo("302,/text");
        assertThat(run("await fetch(base + '/redirect', { redirect: 'error' }).then(() => 'resolved', (e) => e.name + ': ' + e.message)"))
                .isEqualTo("TypeError: fetch failed");
    }

    @Test
    void abortCancelsTheRequest() throws InterruptedException {
        rt.executeCode("globalThis.controller = new AbortController();"
                + " globalThis.slow = fetch(base + '/slow', { signal: controller.signal }).then(() => 'resolved', (e) => e.name);");
        assertThat(SLOW_ARRIVED.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run("controller.abort(); await slow")).isEqualTo("AbortError");
        assertThat(run("await fetch(base + '/text', { signal: AbortSignal.abort() }).catch((e) => e.name)")).isEqualTo("AbortError");
    }

    @Test
    void networkErrorsRejectWithTypeError() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run("await fetch('http://127.0.0.1:" + closedPort + "/').then(() => 'resolved',"
                + " (e) => e.name + ': ' + e.message + ' / ' + e.cause.name)"))
                .isEqualTo("TypeError: fetch failed / NetworkError");
        assertThat(run("await fetch('ftp://127.0.0.1/').catch((e) => e.name + ': ' + e.message)"))
                .isEqualTo("TypeError: fetch failed");
    }

    @Test
    void refusedWithoutPermission() {
        try (var closed = new V8Runtime()) {
            closed.exportValue("base", FFIValue.of(base));
            String port = String.valueOf(server.getAddress().getPort());
            assertThat(closed.executeCode("await fetch(base + '/text').catch((e) => e.name + ': ' + e.message)").asString())
                    .startsWith("TypeError: Requires net access to \"127.0.0.1:" + port + "\"")
                    .contains("--allow-net");
            assertThatThrownBy(() -> closed.executeCode("await fetch(base + '/text')"))
                    .hasMessageContaining("TypeError: Requires net access");
        }
        try (var onePort = new V8Runtime(V8Options.builder().allowNet("127.0.0.1:1").build())) {
            onePort.exportValue("base", FFIValue.of(base));
            assertThat(onePort.executeCode("await fetch(base + '/text').catch((e) => e.message)").asString())
                    .startsWith("Requires net access");
        }
        // A redirect to a host that is not allowed is refused at that hop.
        assertThat(run("await fetch(base + '/away').catch((e) => e.message)")).startsWith("Requires net access to \"localhost:");
    }

    @Test
    void pendingFetchKeepsTheLoopAlive() {
        try (var own = new V8Runtime(V8Options.builder().allowNet("*").build())) {
            own.exportValue("base", FFIValue.of(base));
            own.executeCode("globalThis.result = 'pending'; fetch(base + '/text').then((r) => r.text()).then((t) => { result = t; });");
            assertThat(own.runUntilIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(own.evaluateExpression("result").asString()).isEqualTo("hello");
        }
    }

    @Test
    void manyConcurrentFetchesInSeveralRuntimes() throws Exception {
        assertThat(run("const texts = await Promise.all(Array.from({ length: 64 }, (_, i) =>"
                + " fetch(base + (i % 2 ? '/text' : '/bytes')).then((r) => r.arrayBuffer())));"
                + " texts.map((b) => b.byteLength).reduce((a, b) => a + b, 0) + ''"))
                .isEqualTo(String.valueOf(32 * 5 + 32 * 256));
        try (var pool = Executors.newFixedThreadPool(4)) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    try (var own = new V8Runtime(V8Options.builder().allowNet("127.0.0.1").build())) {
                        own.exportValue("base", FFIValue.of(base));
                        return own.executeCode("(await Promise.all(Array.from({ length: 16 }, () =>"
                                + " fetch(base + '/text').then((r) => r.text())))).join('')").asString();
                    }
                }));
            }
            for (var r : results) {
                assertThat(r.get(90, TimeUnit.SECONDS)).isEqualTo("hello".repeat(16));
            }
        }
    }
}
