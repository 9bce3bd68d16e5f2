package dev.tocin.v8;

import java.time.Duration;

/**
 * JavaScript ran longer than the runtime's execution timeout ({@link V8Options#timeout()}) and was
 * terminated. The runtime stays usable.
 */
public final class ScriptTimeoutException extends RuntimeException {
    private final Duration timeout;

    public ScriptTimeoutException(String what, Duration timeout) {
        super(what + " ran longer than the execution timeout of " + timeout.toMillis() + " ms and was terminated");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
