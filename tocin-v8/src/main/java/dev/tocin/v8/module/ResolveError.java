package dev.tocin.v8.module;

/**
 * A specifier that does not resolve, with Node's error code for the reason
 * (ERR_MODULE_NOT_FOUND, ERR_PACKAGE_PATH_NOT_EXPORTED, ERR_PACKAGE_IMPORT_NOT_DEFINED,
 * ERR_INVALID_PACKAGE_TARGET, ERR_INVALID_PACKAGE_CONFIG, ERR_INVALID_MODULE_SPECIFIER,
 * ERR_UNSUPPORTED_URL, or ERR_SANDBOX for loads outside the roots).
 */
final class ResolveError extends Exception {
    final String code;

    ResolveError(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The JS error type a failed import surfaces as (Node uses TypeError for bad specifiers). */
    String errorType() {
        return switch (code) {
            case "ERR_MODULE_NOT_FOUND", "ERR_SANDBOX" -> "Error";
            default -> "TypeError";
        };
    }
}
