package dev.tocin.runtime.numa;

/**
 * Topology data that cannot be used: unreadable, malformed or contradictory. Never leaves this package:
 * readers turn it into a single-node fallback whose reason is this message.
 */
final class TopologyDataException extends Exception {
    private static final long serialVersionUID = 1L;

    TopologyDataException(String message) {
        super(message);
    }

    TopologyDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
