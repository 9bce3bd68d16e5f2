package dev.tocin.v8;

import dev.tocin.ffi.FFIValue;

import java.util.Objects;

/**
 * Where a promise stood when {@code awaitPromise} returned.
 *
 * @param state where it stood
 * @param value the fulfilment value when resolved; the rejection reason (when it has an FFIValue
 *              form, else UNDEFINED) when rejected; UNDEFINED while pending
 * @param error the rejection's name, message and JS stack when rejected, otherwise {@code null}
 */
public record AsyncResult(State state, FFIValue value, JsError error) {
    /** The three states of a promise. */
    public enum State { PENDING, RESOLVED, REJECTED }

    private static final AsyncResult PENDING = new AsyncResult(State.PENDING, FFIValue.UNDEFINED, null);

    public AsyncResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(value, "value");
        if ((state == State.REJECTED) != (error != null)) {
            throw new IllegalArgumentException("an error goes with REJECTED and only with it");
        }
    }

    static AsyncResult pending() {
        return PENDING;
    }

    static AsyncResult resolved(FFIValue value) {
        return new AsyncResult(State.RESOLVED, value, null);
    }

    static AsyncResult rejected(JsError error, FFIValue reason) {
        return new AsyncResult(State.REJECTED, reason, error);
    }

    /** Not settled yet (for instance, the wait timed out); the promise stays usable. */
    public boolean isPending() {
        return state == State.PENDING;
    }

    public boolean isResolved() {
        return state == State.RESOLVED;
    }

    public boolean isRejected() {
        return state == State.REJECTED;
    }

    @Override
    public String toString() {
        return switch (state) {
            case PENDING -> "pending";
            case RESOLVED -> "resolved: " + value;
            case REJECTED -> "rejected: " + error;
        };
    }
}
