package dev.tocin.examples.v8;

import dev.tocin.v8.ConsoleSink;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Timers, microtasks and console on a runtime's event loop: the code schedules work, and
 * {@code runUntilIdle} runs the loop until nothing is left (what {@code tocin run} does before exiting).
 */
public final class EventLoopExample {
    private EventLoopExample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        var options = V8Options.builder().console(ConsoleSink.to(out)).build();
        try (var rt = new V8Runtime(options)) {
            rt.executeCode("""
                    setTimeout(() => console.log('timeout 20 ms'), 20);
                    setTimeout(() => console.log('timeout 0 ms'), 0);
                    let ticks = 0;
                    const iv = setInterval(() => {
                      console.log('tick', ++ticks);
                      if (ticks === 3) clearInterval(iv);
                    }, 5);
                    queueMicrotask(() => console.log('microtask'));
                    console.log('sync code done');
                    """);
            boolean idle = rt.runUntilIdle(Duration.ofSeconds(10));
            out.println("loop idle: " + idle);
        }
    }
}
