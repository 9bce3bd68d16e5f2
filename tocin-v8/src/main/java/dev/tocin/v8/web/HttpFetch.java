package dev.tocin.v8.web;

import dev.tocin.ffi.BinaryKind;
import dev.tocin.ffi.FFIValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network side of {@code fetch}: one request on the JDK's {@link HttpClient}, off the loop
 * thread. Redirects are followed here, hop by hop, so that every hop passes the
 * {@link NetPermissions} check and the response can say {@code redirected} and its final URL.
 */
final class HttpFetch {
    private static final int MAX_REDIRECTS = 20;
    /** Headers the JDK client sets itself and refuses from callers (also forbidden to fetch callers). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final NetPermissions net;
    /** Results and current hops of requests in flight, by the id fetch.js chose, for {@code abort(id)}. */
    private final Map<Long, CompletableFuture<FFIValue>> results = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<?>> hops = new ConcurrentHashMap<>();

    private HttpFetch(NetPermissions net) {
        this.net = net;
    }

    static void register(WebPlatform p) {
        var fetch = new HttpFetch(p.net());
        p.host("start", args -> fetch.start(args[0]));
        p.host("abort", args -> {
            fetch.abort(args[0].asLong());
            return null;
        });
    }

    /** One client for all runtimes: it owns a selector thread and a pool, both daemons. */
    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request as fetch.js describes it. */
    private record Exchange(long id, String method, String href, URI uri, List<String[]> headers, byte[] body,
                            String redirect) {
        static Exchange of(FFIValue request) {
            var headers = new ArrayList<String[]>();
            for (var pair : ((FFIValue.ArrayValue) request.get("headers")).elements()) {
                headers.add(new String[]{pair.get(0).asString(), pair.get(1).asString()});
            }
            byte[] body = request.get("body") instanceof FFIValue.BinaryDataValue b ? b.bytes() : null;
            String url = request.get("url").asString();
            int hash = url.indexOf('#');
            return new Exchange(request.get("id").asLong(), request.get("method").asString(),
                    hash < 0 ? url : url.substring(0, hash), toUri(url), headers, body, request.get("redirect").asString());
        }

        Exchange redirectTo(URI next, int status) {
            boolean toGet = status == 303 && !method.equals("HEAD") || (status == 301 || status == 302) && method.equals("POST");
            if (!toGet) {
                return new Exchange(id, method, next.toString(), next, headers, body, redirect);
            }
            var kept = headers.stream().filter(h -> !h[0].equalsIgnoreCase("content-type")
                    && !h[0].equalsIgnoreCase("content-encoding") && !h[0].equalsIgnoreCase("content-language")).toList();
            return new Exchange(id, "GET", next.toString(), next, kept, null, redirect);
        }
    }

    /**
     * A WHATWG-serialized URL as a {@link URI}: the URL standard leaves some characters unescaped
     * in paths and queries ({@code {} | ^ `} and a {@code %} not followed by two hex digits) that
     * {@code java.net.URI} refuses; they are percent-encoded after the authority. The fragment is
     * dropped: it is never sent.
     */
    static URI toUri(String url) {
        int hash = url.indexOf('#');
        String href = hash < 0 ? url : url.substring(0, hash);
        int authority = href.indexOf("//");
        int rest = authority < 0 ? href.indexOf(':') + 1 : indexOfAny(href, "/?#", authority + 2);
        var out = new StringBuilder(href.length() + 16).append(href, 0, rest);
        for (int i = rest; i < href.length(); i++) {
            char c = href.charAt(i);
            boolean escape = "{}|^`\\\"<> []".indexOf(c) >= 0 || c < 0x21 || c > 0x7E
                    || c == '%' && !(i + 2 < href.length() && isHex(href.charAt(i + 1)) && isHex(href.charAt(i + 2)));
            if (escape) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4 & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append(c);
            }
        }
        return URI.create(out.toString());
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private CompletableFuture<FFIValue> start(FFIValue request) {
        var result = new CompletableFuture<FFIValue>();
        Exchange exchange;
        try {
            exchange = Exchange.of(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("fetch: bad request: " + e.getMessage(), e));
        }
        results.put(exchange.id(), result);
        result.whenComplete((r, e) -> {
            results.remove(exchange.id());
            hops.remove(exchange.id());
        });
        send(exchange, 0, result);
        return result;
    }

    private void send(Exchange exchange, int redirects, CompletableFuture<FFIValue> result) {
        HttpRequest request;
        try {
            net.check(exchange.uri());
            request = build(exchange);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        var call = Client.INSTANCE.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        hops.put(exchange.id(), call);
        if (result.isDone()) {
            call.cancel(true); // aborted while this hop was being set up
            return;
        }
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            int status = response.statusCode();
            var location = response.headers().firstValue("location");
            if (status >= 300 && status < 400 && status != 304 && location.isPresent()
                    && !exchange.redirect().equals("manual")) {
                if (exchange.redirect().equals("error")) {
                    result.completeExceptionally(new NetworkError("unexpected redirect to " + location.get()));
                } else if (redirects >= MAX_REDIRECTS) {
                    result.completeExceptionally(new NetworkError("redirect count exceeded"));
                } else {
                    URI next;
                    try {
                        next = exchange.uri().resolve(toUri(location.get()));
                    } catch (IllegalArgumentException e) {
                        result.completeExceptionally(new NetworkError("invalid redirect location: " + location.get()));
                        return;
                    }
                    send(exchange.redirectTo(next, status), redirects + 1, result);
                }
                return;
            }
            result.complete(response(response, exchange.href(), redirects > 0));
        });
    }

    private static HttpRequest build(Exchange exchange) {
        String scheme = exchange.uri().getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new NetworkError("URL scheme \"" + scheme + "\" is not supported");
        }
        var body = exchange.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(exchange.body());
        var builder = HttpRequest.newBuilder(exchange.uri()).method(exchange.method(), body);
        for (var h : exchange.headers()) {
            if (!RESTRICTED.contains(h[0].toLowerCase(Locale.ROOT))) {
                builder.header(h[0], h[1]);
            }
        }
        return builder.build();
    }

    /** @param url the URL as JS gave it (or as the last redirect named it), without its fragment */
    private static FFIValue response(HttpResponse<byte[]> response, String url, boolean redirected) {
        var headers = new ArrayList<FFIValue>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                for (var v : values) {
                    headers.add(FFIValue.array(FFIValue.of(name), FFIValue.of(v)));
                }
            }
        });
        var fields = new LinkedHashMap<String, FFIValue>();
        fields.put("status", FFIValue.of(response.statusCode()));
        fields.put("url", FFIValue.of(url));
        fields.put("redirected", FFIValue.of(redirected));
        fields.put("headers", FFIValue.of(headers));
        fields.put("body", FFIValue.of(response.body(), BinaryKind.UINT8_ARRAY));
        return FFIValue.of(fields);
    }

    private void abort(long id) {
        var result = results.get(id);
        if (result != null) {
            result.completeExceptionally(new NetworkError("the request was aborted"));
        }
        var call = hops.remove(id);
        if (call != null) {
            call.cancel(true);
        }
    }

    private static Throwable unwrap(Throwable t) {
        var cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof CancellationException) {
            return new NetworkError("the request was aborted");
        }
        return new NetworkError(cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /** Becomes a JS error named {@code NetworkError}; fetch.js rejects with {@code TypeError('fetch failed')} and it as cause. */
    static final class NetworkError extends RuntimeException {
        NetworkError(String message) {
            super(message);
        }
    }
}
