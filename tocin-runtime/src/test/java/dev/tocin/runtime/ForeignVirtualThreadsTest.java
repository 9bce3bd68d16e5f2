package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12 item 4: virtual threads started inside a fiber (by user code, by the JDK's I/O
 * pollers, by HttpClient or structured concurrency) inherit the fiber's runner as their scheduler;
 * they must run exactly as they would outside a fiber. Every wait here is bounded, so a lost
 * thread fails the test instead of hanging the build.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ForeignVirtualThreadsTest {
    private static final Duration BOUND = Duration.ofMinutes(2);

    @ParameterizedTest(name = "{0} fibers x {1} virtual threads")
    @CsvSource({"20, 10", "100, 10"})
    void everyVirtualThreadStartedInAFiberRunsExactlyOnce(int fibers, int children) throws Exception {
        var runs = new AtomicIntegerArray(fibers * children);
        var notJoined = ConcurrentHashMap.<Integer>newKeySet();
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var started = new ArrayList<Fiber<Object>>();
            for (int i = 0; i < fibers; i++) {
                int fiber = i;
                started.add(s.go(() -> {
                    var threads = new ArrayList<Thread>();
                    for (int k = 0; k < children; k++) {
                        int slot = fiber * children + k;
                        threads.add(Thread.ofVirtual().start(() -> {
                            sleep(10);
                            runs.incrementAndGet(slot);
                        }));
                    }
                    for (var t : threads) {
                        if (!t.join(BOUND)) {
                            notJoined.add(fiber);
                        }
                    }
                    return null;
                }));
            }
            for (var f : started) {
                f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(s.waitAll(BOUND)).isTrue();
        }
        assertThat(notJoined).isEmpty();
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("runs of child %d", i).isEqualTo(1);
        }
    }

    @Test
    void aChildVirtualThreadIsNotTheFiber() throws Exception {
        try (var s = SchedulerBasicsTest.builder(1).build()) {
            s.start();
            var seen = s.go(() -> {
                var inChild = new Object[2];
                var t = Thread.ofVirtual().start(() -> {
                    inChild[0] = Fiber.current().isPresent();
                    inChild[1] = Worker.current();
                });
                t.join(BOUND);
                return inChild;
            }).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(seen).containsExactly(false, null);
        }
    }

    @Test
    void socketReadWithTimeoutInsideAFiberGetsItsDataAndCloses() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var reader = s.go(() -> {
                try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    socket.setSoTimeout((int) BOUND.toMillis());
                    InputStream in = socket.getInputStream();
                    return new String(in.readNBytes(5), StandardCharsets.UTF_8);
                }
            });
            try (var accepted = server.accept()) {
                sleep(200); // let the fiber block in the timed read first
                OutputStream out = accepted.getOutputStream();
                out.write("hello".getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(reader.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("hello");
            }
            assertThat(s.waitAll(BOUND)).isTrue();
        }
    }

    @Test
    void httpClientInsideAFiberTalksToALoopbackServer() throws Exception {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            var body = "pong".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping");
            var answers = new ArrayList<Fiber<String>>();
            for (int i = 0; i < 4; i++) {
                answers.add(s.go(() -> {
                    try (var client = HttpClient.newBuilder().connectTimeout(BOUND).build()) {
                        var request = HttpRequest.newBuilder(uri).timeout(BOUND).build();
                        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                    }
                }));
            }
            for (var a : answers) {
                assertThat(a.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("pong");
            }
            assertThat(s.waitAll(BOUND)).isTrue();
        } finally {
            server.stop(0);
        }
    }

    /** StructuredTaskScope is a preview API in JDK 25; called reflectively, and skipped where it refuses. */
    @Test
    void structuredTaskScopeInsideAFiber() throws Exception {
        Method open;
        Method fork;
        Method join;
        Method get;
        try {
            var scopeType = Class.forName("java.util.concurrent.StructuredTaskScope");
            open = scopeType.getMethod("open");
            fork = scopeType.getMethod("fork", Callable.class);
            join = scopeType.getMethod("join");
            get = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask").getMethod("get");
            ((AutoCloseable) open.invoke(null)).close();
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            assumeTrue(false, "StructuredTaskScope is not usable without preview flags here: " + e);
            return;
        }
        try (var s = SchedulerBasicsTest.builder(2).build()) {
            s.start();
            var sum = s.go(() -> {
                try (var scope = (AutoCloseable) open.invoke(null)) {
                    var parts = new ArrayList<Object>();
                    for (int i = 1; i <= 10; i++) {
                        int n = i;
                        parts.add(fork.invoke(scope, (Callable<Integer>) () -> {
                            sleep(10);
                            return n;
                        }));
                    }
                    join.invoke(scope);
                    int total = 0;
                    for (var p : parts) {
                        total += (Integer) get.invoke(p);
                    }
                    return total;
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException(e.getCause());
                }
            });
            assertThat(sum.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(55);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
