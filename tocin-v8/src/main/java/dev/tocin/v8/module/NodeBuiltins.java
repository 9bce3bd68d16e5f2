package dev.tocin.v8.module;

import java.util.Map;
import java.util.Set;

/**
 * Node's built-in module names, which Tocin does not provide: a {@code require('fs')} or
 * {@code import 'node:net'} fails with an error naming the module and, where the web platform
 * has one, the API to use instead. A package of the same name in {@code node_modules} is used
 * first, so the npm ports of the pure ones ({@code events}, {@code buffer}, {@code util}) work.
 */
final class NodeBuiltins {
    private static final Set<String> NAMES = Set.of("assert", "assert/strict", "async_hooks", "buffer", "child_process",
            "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain",
            "events", "fs", "fs/promises", "http", "http2", "https", "inspector", "module", "net", "os", "path",
            "path/posix", "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream",
            "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers", "timers/promises",
            "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib");
    private static final Map<String, String> INSTEAD = Map.ofEntries(
            Map.entry("http", "fetch()"), Map.entry("https", "fetch()"), Map.entry("http2", "fetch()"),
            Map.entry("url", "the URL and URLSearchParams globals"),
            Map.entry("timers", "the setTimeout/setInterval globals"),
            Map.entry("console", "the console global"),
            Map.entry("process", "the process global"),
            Map.entry("events", "EventTarget, or install the npm package \"events\""),
            Map.entry("buffer", "Uint8Array and TextEncoder/TextDecoder, or install the npm package \"buffer\""),
            Map.entry("string_decoder", "TextDecoder"),
            Map.entry("crypto", "the Web Crypto API (globalThis.crypto) where the host provides it"),
            Map.entry("path", "path-browserify installed as \"path\" (npm install path@npm:path-browserify)"),
            Map.entry("util", "the npm package \"util\" (npm install util)"),
            Map.entry("querystring", "URLSearchParams"),
            Map.entry("punycode", "the npm package \"punycode\" (npm install punycode)"));

    private NodeBuiltins() {
    }

    /** Whether {@code specifier} names a Node built-in ({@code node:} prefixed or one of the bare names). */
    static boolean isBuiltin(String specifier) {
        return specifier.startsWith("node:") || NAMES.contains(specifier);
    }

    /** The error for a built-in: names it, says Tocin has no Node I/O built-ins, and what to use instead. */
    static ResolveError refused(String specifier) {
        String name = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
        int slash = name.indexOf('/');
        String instead = INSTEAD.get(slash < 0 ? name : name.substring(0, slash));
        // node: keeps the code ESM resolution always gave that scheme.
        return new ResolveError(specifier.startsWith("node:") ? "ERR_UNSUPPORTED_URL" : "ERR_UNKNOWN_BUILTIN_MODULE", "Cannot load Node built-in module \"" + specifier
                + "\": Tocin runs no Node I/O built-ins" + (instead == null ? "" : "; use " + instead + " instead"));
    }
}
