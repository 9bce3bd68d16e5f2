package dev.tocin.v8.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which hosts {@code fetch} may reach ({@code V8Options.allowNet}, {@code tocin run --allow-net}):
 * {@code "*"} allows every host, {@code "host"} every port of a host, {@code "host:port"} one
 * port ({@code "[::1]:8080"} for IPv6). Nothing is allowed by default.
 */
record NetPermissions(boolean all, List<String> entries) {
    static NetPermissions of(List<String> allowNet) {
        boolean all = allowNet.contains("*");
        return new NetPermissions(all, allowNet.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList());
    }

    /** Whether {@code uri} may be fetched; a refusal message says which permission is missing. */
    void check(URI uri) {
        String host = host(uri);
        String hostPort = host + ":" + port(uri);
        if (all || entries.contains(host) || entries.contains(hostPort)) {
            return;
        }
        throw new NetPermissionDenied("Requires net access to \"" + hostPort + "\": allow it with --allow-net "
                + hostPort + " (tocin run/eval) or V8Options.builder().allowNet(\"" + hostPort + "\")");
    }

    private static String host(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") || !host.contains(":") ? host : "[" + host + "]";
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Becomes a JS error named {@code NetPermissionDenied}; fetch.js rejects with a TypeError carrying its message. */
    static final class NetPermissionDenied extends RuntimeException {
        NetPermissionDenied(String message) {
            super(message);
        }
    }
}
