package dev.tocin.v8.module;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Module sources by URL, for tests and for hosts that generate their modules. */
final class InMemoryLoader implements Loader {
    private final Map<String, byte[]> sources = new ConcurrentHashMap<>();

    InMemoryLoader put(String url, String source) {
        sources.put(url, source.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    InMemoryLoader put(String url, byte[] bytes) {
        sources.put(url, bytes.clone());
        return this;
    }

    @Override
    public byte[] fetch(Resolver.Resolved resolved) throws NoSuchFileException {
        byte[] bytes = sources.get(resolved.url());
        if (bytes == null) {
            throw new NoSuchFileException(resolved.url());
        }
        return bytes.clone();
    }
}
