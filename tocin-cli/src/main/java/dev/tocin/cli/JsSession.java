package dev.tocin.cli;

import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.Tocin;
import dev.tocin.v8.ConsoleSink;
import dev.tocin.v8.JsException;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One V8 runtime driven from fibers of its own scheduler, as {@code run}, {@code eval} and the
 * REPL use it: console output to the command's stdout/stderr, a {@code tocin} global with the
 * script arguments, and an overall deadline.
 */
final class JsSession implements AutoCloseable {
    /** How long "no limit" waits: far beyond any run, small enough for nanosecond arithmetic. */
    private static final Duration NO_LIMIT = Duration.ofDays(3650);

    private final LightweightScheduler scheduler;
    private final V8Runtime runtime;
    private final Fiber.Priority priority;
    private final long deadline;
    private final CompletableFuture<RuntimeException> uncaught = new CompletableFuture<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    /** How long past the deadline a run that is executing JavaScript gets for the execution timeout to end it. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    /** The overall deadline ({@code --timeout}) passed; the message says what the program was doing. */
    static final class TimedOut extends Exception {
        TimedOut(String state) {
            super(state);
        }
    }

    /** Thrown by {@link #call} when JavaScript threw outside any call (a timer, a rejected promise nobody handled). */
    static final class UncaughtError extends Exception {
        UncaughtError(RuntimeException error) {
            super(error.getMessage(), error);
        }
    }

    /** Thrown by {@link #call} and {@link #runUntilIdle} once the program called {@code process.exit(code)}. */
    static final class ProgramExit extends Exception {
        final int code;

        ProgramExit(int code) {
            super("process.exit(" + code + ")");
            this.code = code;
        }
    }

    /**
     * @param failFast whether an uncaught error ends the session (run, eval) or is only printed (REPL)
     */
    JsSession(RuntimeOptions options, List<Path> roots, List<String> args, PrintWriter out, PrintWriter err,
              boolean failFast) {
        this.priority = options.priority;
        this.deadline = System.nanoTime() + options.timeout().orElse(NO_LIMIT).toNanos();
        var v8 = V8Options.builder()
                .timeout(options.timeout().orElse(Duration.ZERO))
                .maxHeapBytes(options.maxHeapBytes == null ? 0 : options.maxHeapBytes)
                .allowRead(roots.toArray(Path[]::new))
                .conditions(options.conditions.toArray(String[]::new))
                .allowNet(options.allowNet.toArray(String[]::new))
                .codeCache(options.codeCache)
                .console(console(out, err))
                .onUncaughtError(failFast ? e -> uncaught.complete(e) : e -> printUncaught(err, e))
                .env(options.environment())
                .onExit(options.program ? exited::complete : null)
                .build();
        // A rejection nobody handled counts as an uncaught error, as in Node.
        Consumer<JsException> rejected = failFast ? e -> uncaught.complete(e) : e -> printUncaught(err, e);
        this.scheduler = LightweightScheduler.builder().name("tocin-js").build();
        scheduler.enableNUMAAwareness(options.numa);
        scheduler.start();
        try {
            this.runtime = new V8Runtime(v8);
            runtime.onUnhandledRejection(rejected);
            runtime.initialize();
            runtime.exportValue("tocin", globals(args));
        } catch (RuntimeException | Error e) {
            scheduler.close();
            throw e;
        }
    }

    V8Runtime runtime() {
        return runtime;
    }

    /**
     * Runs {@code job} as a fiber at the session's priority and waits for it, for the first
     * uncaught error when failing fast, or until the deadline.
     */
    <T> T call(Callable<T> job) throws Exception {
        var done = new CompletableFuture<T>();
        scheduler.goWithPriority(priority, () -> {
            try {
                done.complete(job.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        long left = deadline - System.nanoTime();
        try {
            CompletableFuture.anyOf(done, uncaught, exited).get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // done failed: reported below with its own cause.
        } catch (java.util.concurrent.TimeoutException e) {
            // the deadline passed: what was running decides the report, below
        }
        if (exited.isDone()) {
            throw new ProgramExit(exited.join());
        }
        if (uncaught.isDone() && !done.isDone()) {
            throw new UncaughtError(uncaught.join());
        }
        if (!done.isDone() && !runtime.hasPendingWork()) {
            // Nothing is pending, so JavaScript is running: the execution timeout (the same limit, started a
            // little later) is about to terminate it, and its report is the precise one.
            try {
                CompletableFuture.anyOf(done, uncaught).get(GRACE.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
                // still running, or failed: reported below
            }
        }
        if (uncaught.isDone() && !done.isDone()) {
            throw new UncaughtError(uncaught.join());
        }
        if (!done.isDone()) {
            throw new TimedOut(runtime.hasPendingWork() ? "timers or promises were still pending"
                    : "JavaScript was still running");
        }
        try {
            return done.get(0, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Runs timers and pending promises until none is left; false when the deadline came first. */
    boolean runUntilIdle() throws Exception {
        boolean idle = call(() -> runtime.runUntilIdle(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        if (exited.isDone()) {
            throw new ProgramExit(exited.join());
        }
        if (uncaught.isDone()) {
            throw new UncaughtError(uncaught.join());
        }
        return idle;
    }

    /** {@code tocin.exitCode} or {@code process.exitCode} as the program left it, else 0. */
    int exitCode() {
        var code = runtime.evaluateExpression("globalThis.tocin?.exitCode ?? globalThis.process?.exitCode");
        return code instanceof FFIValue.IntegerValue i ? (int) i.value() : 0;
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            scheduler.close();
        }
    }

    private static FFIValue globals(List<String> args) {
        var tocin = new LinkedHashMap<String, FFIValue>();
        tocin.put("args", FFIValue.of(args.stream().map(FFIValue::of).toList()));
        tocin.put("version", FFIValue.of(Tocin.version()));
        return FFIValue.of(tocin);
    }

    private static ConsoleSink console(PrintWriter out, PrintWriter err) {
        return (level, text) -> {
            var to = switch (level) {
                case WARN, ERROR -> err;
                case LOG, INFO, DEBUG -> out;
            };
            to.println(text);
            to.flush();
        };
    }

    private static void printUncaught(PrintWriter err, RuntimeException e) {
        err.println(Failure.uncaught(e));
        err.flush();
    }
}
