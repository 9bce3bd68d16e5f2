package dev.tocin.v8.module;

import com.caoccao.javet.swc4j.enums.Swc4jMediaType;
import com.caoccao.javet.swc4j.enums.Swc4jModuleKind;
import com.caoccao.javet.swc4j.enums.Swc4jParseMode;
import com.caoccao.javet.swc4j.enums.Swc4jSourceMapOption;
import com.caoccao.javet.swc4j.exceptions.Swc4jCoreException;
import com.caoccao.javet.swc4j.options.Swc4jDecoratorsTranspileOption;
import com.caoccao.javet.swc4j.options.Swc4jTranspileOptions;

import java.net.MalformedURLException;
import java.net.URI;

/**
 * TypeScript to JavaScript as Deno runs it: full transpilation by swc (enums, namespaces,
 * parameter properties, TC39 decorators as TypeScript 5 emits them, type-only imports elided,
 * {@code satisfies}, {@code as const}, JSX in {@code .tsx}), no type checking, no tsconfig.json.
 * {@code .cts} files are treated as ES modules too.
 */
final class TypeScript {
    /** A transpiled module and its source map. */
    record Output(String javascript, SourceMap map) {
    }

    /** The source does not parse as TypeScript; 1-based position. */
    static final class SyntaxError extends Exception {
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }


    private TypeScript() {
    }

    static boolean isTypeScript(String url) {
        String path = ImportAttributes.sourceUrl(url);
        return path.endsWith(".ts") || path.endsWith(".mts") || path.endsWith(".cts") || path.endsWith(".tsx");
    }

    static Swc4jMediaType mediaType(String url) {
        String path = ImportAttributes.sourceUrl(url);
        return path.endsWith(".tsx") ? Swc4jMediaType.Tsx : Swc4jMediaType.TypeScript;
    }

    static Output transpile(String source, String url) throws SyntaxError {
        var options = new Swc4jTranspileOptions()
                .setMediaType(mediaType(url))
                .setParseMode(Swc4jParseMode.Module)
                .setModuleKind(Swc4jModuleKind.Esm)
                .setDecorators(Swc4jDecoratorsTranspileOption.Ecma())
                .setSourceMap(Swc4jSourceMapOption.Separate)
                .setInlineSources(false);
        try {
            options.setSpecifier(URI.create(url).toURL());
        } catch (MalformedURLException | IllegalArgumentException e) {
            // data: and other URLs without a URL handler: swc's default name serves as well.
        }
        try {
            var out = JsParser.SWC.transpile(source, options);
            return new Output(out.getCode(), out.getSourceMap() == null ? null : SourceMap.parse(out.getSourceMap()));
        } catch (Swc4jCoreException e) {
            JsParser.Result failure = JsParser.failure(e);
            throw new SyntaxError(failure.error(), failure.line(), failure.column());
        }
    }
}
