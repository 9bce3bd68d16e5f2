package dev.tocin.v8;

/** The runtime was shut down (or failed to start) before the call could run. */
public final class RuntimeClosedException extends IllegalStateException {
    public RuntimeClosedException(String runtime) {
        super("runtime shut down: " + runtime);
    }
}
