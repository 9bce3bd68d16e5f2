package dev.tocin.v8.module;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;

/** Reads files, decodes {@code data:} URLs and fetches http(s) URLs (the resolver admits those only when allowed). */
final class DefaultLoader implements Loader {
    private HttpClient http;

    @Override
    public byte[] fetch(Resolver.Resolved resolved) throws IOException, InterruptedException {
        String url = resolved.url();
        if (resolved.file() != null) {
            return Files.readAllBytes(resolved.file());
        }
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            if (comma < 0) {
                throw new IOException("a data: URL needs a comma before its data");
            }
            String meta = url.substring(5, comma);
            String data = url.substring(comma + 1);
            return meta.endsWith(";base64")
                    ? Base64.getDecoder().decode(data)
                    : URLDecoder.decode(data.replace("+", "%2B"), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        }
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }
}
