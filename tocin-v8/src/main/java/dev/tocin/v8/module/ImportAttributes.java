package dev.tocin.v8.module;

/**
 * The {@code type} import attribute, checked in one place for static imports, {@code import()}
 * and REPL imports alike: {@code json} must name a JSON module and a JSON module needs it;
 * {@code text} and {@code bytes} read any file as a string or a {@code Uint8Array}, each a
 * module of its own apart from the same file imported as JavaScript or JSON.
 */
final class ImportAttributes {
    /** The attribute does not fit the module; the message is the TypeError's. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private ImportAttributes() {
    }

    /** The URL the source of {@code moduleUrl} is fetched from: a text or bytes module's URL less its "#type=" marker. */
    static String sourceUrl(String moduleUrl) {
        int marker = moduleUrl.lastIndexOf("#type=");
        return marker < 0 ? moduleUrl : moduleUrl.substring(0, marker);
    }

    /** The module to load for {@code resolved} imported with {@code type} (null when there is no type attribute). */
    static Resolver.Resolved apply(Resolver.Resolved resolved, String type, String specifier) throws Refused {
        boolean json = resolved.format() == Resolver.Format.JSON;
        if (type == null) {
            if (json) {
                throw new Refused("Module \"" + resolved.url() + "\" is a JSON module: import it with { type: 'json' }");
            }
            return resolved;
        }
        return switch (type) {
            case "json" -> {
                if (!json) {
                    throw new Refused("Module \"" + resolved.url() + "\" is not a JSON module but was imported with { type: 'json' }");
                }
                yield resolved;
            }
            case "text" -> new Resolver.Resolved(resolved.url() + "#type=text", resolved.file(), Resolver.Format.TEXT);
            case "bytes" -> new Resolver.Resolved(resolved.url() + "#type=bytes", resolved.file(), Resolver.Format.BYTES);
            default -> throw new Refused("Unsupported import attribute type \"" + type + "\" for \"" + specifier
                    + "\" (\"json\", \"text\" and \"bytes\" are supported)");
        };
    }
}
