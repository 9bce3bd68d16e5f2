package dev.tocin.v8.module;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a module's bytes mean, by its resolved format: the text the module system keeps (to
 * detect changes and find imports) and the JavaScript module V8 compiles. This is the one place
 * that knows formats; a new format (CommonJS, say) adds a case here and in {@link Resolver.Format}.
 */
final class ModuleCode {
    /** The bytes are not UTF-8 text: where the first bad sequence starts. */
    static final class NotText extends Exception {
        final int offset;

        NotText(int offset) {
            super("not valid UTF-8 text (first bad byte at byte offset " + offset + ")", null, false, false);
            this.offset = offset;
        }
    }

    /**
     * A module's text and the JavaScript V8 compiles for it; {@code transform} when that JavaScript
     * may still use import() or import.meta (see {@link JsParser}).
     */
    record Source(String text, String javascript, boolean transform) {
    }

    private ModuleCode() {
    }

    /** The module text and, for data formats, the JavaScript module that exports it. */
    static Source of(Resolver.Format format, String url, byte[] bytes) throws NotText, Json.SyntaxError, TypeScript.SyntaxError {
        return switch (format) {
            case BYTES -> {
                // A Latin-1 string carries each byte as one char; the module copies them into a Uint8Array
                // over an immutable ArrayBuffer, as the Import Bytes proposal asks.
                String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
                yield new Source(latin1, "const s = " + JsLiteral.string(latin1) + ", b = new Uint8Array(s.length);\n"
                        + "for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);\n"
                        + "export default new Uint8Array(b.buffer.transferToImmutable());\n", false);
            }
            case TEXT -> {
                String text = utf8(bytes);
                yield new Source(text, "export default " + JsLiteral.string(text) + ";", false);
            }
            case JSON -> {
                String text = utf8(bytes);
                Json.parse(text);
                yield new Source(text, "export default JSON.parse(" + JsLiteral.string(text) + ");", false);
            }
            case JAVASCRIPT -> {
                String text = utf8(bytes);
                yield new Source(text, text, true);
            }
            case TYPESCRIPT -> {
                String text = utf8(bytes);
                TypeScript.Output out = TypeScript.transpile(text, url);
                SourceMaps.put(url, out.map());
                yield new Source(text, out.javascript(), true);
            }
        };
    }

    /** Strict UTF-8 (a byte-order mark is dropped, as browsers and Node do). */
    static String utf8(byte[] bytes) throws NotText {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new NotText(in.position());
        }
        decoder.flush(out);
        out.flip();
        if (out.length() > 0 && out.charAt(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }
}
