package dev.tocin.v8.module;

import java.io.IOException;

/**
 * Fetches the bytes of a resolved module URL: a file, a {@code data:} URL, or http(s) when the
 * options allow it. {@link DefaultLoader} reads the real sources, {@link InMemoryLoader} serves
 * tests. What the bytes mean (JavaScript, TypeScript, JSON, text, bytes) is {@link ModuleCode}'s
 * business, by the resolved format.
 */
interface Loader {
    /** The module's bytes; a missing module is a {@link java.nio.file.NoSuchFileException}. */
    byte[] fetch(Resolver.Resolved resolved) throws IOException, InterruptedException;
}
