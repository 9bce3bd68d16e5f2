package dev.tocin.v8;

/**
 * Watches how long the loop thread stays inside one job or timer callback. The loop brackets
 * each of them with {@link #enter()}/{@link #exit(long)}, and a wait on the loop thread with
 * {@link #suspend()}/{@link #resume(long)} (a job waiting for a promise is not running JS).
 * Tokens let nested jobs (run while an outer job waits) restore the outer state.
 */
interface ExecutionGuard {
    /** No limit: every call is free. */
    ExecutionGuard NONE = new ExecutionGuard() {
        @Override public long enter() { return 0; }
        @Override public void exit(long token) { }
        @Override public long suspend() { return 0; }
        @Override public void resume(long token) { }
        @Override public boolean timedOut() { return false; }
    };

    long enter();

    void exit(long token);

    long suspend();

    void resume(long token);

    /** Whether the current job was terminated because it ran too long (loop thread). */
    boolean timedOut();
}
