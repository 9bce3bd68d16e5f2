package dev.tocin.examples.scheduler;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.runtime.SchedulerStats;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The seed guide's scheduler tour: start fibers at different priorities, change a priority,
 * wait for everything, read the statistics, stop.
 */
public final class SchedulerExample {
    private SchedulerExample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // One worker makes the order visible: queued fibers run strictly by level, FIFO within one.
        var s = new LightweightScheduler(1);
        var order = new ConcurrentLinkedQueue<String>();
        for (var p : List.of(Fiber.Priority.BACKGROUND, Fiber.Priority.NORMAL, Fiber.Priority.CRITICAL)) {
            s.goWithPriority(p, () -> { order.add(p.name()); });
        }
        Fiber<String> report = s.goWithPriority(Fiber.Priority.LOW, () -> "report for " + Fiber.currentPriority());
        report.setPriority(Fiber.Priority.HIGH); // dynamic priority: it moves ahead while still queued
        s.start();

        Fiber<Integer> answer = s.go(() -> 6 * 7); // NORMAL
        Fiber<Integer> urgent = s.goWithPriority(Fiber.Priority.CRITICAL, () -> {
            // Children inherit their parent's level.
            return s.go(() -> Fiber.currentPriority().value()).join();
        });
        out.println("answer = " + answer.join());
        out.println("child of a CRITICAL fiber runs at level " + urgent.join());
        out.println(report.join());

        s.waitAll(); // every fiber started so far, children too
        out.println("order: " + String.join(" > ", order) + " (report ran at " + report.priority() + ")");
        SchedulerStats st = s.getStats();
        out.println("workers: " + st.totalWorkers() + ", mode: " + st.mode());
        out.println("completed: " + st.completedFibers() + ", failed: " + st.failedFibers() + ", active: " + st.activeFibers());
        s.stop();
        s.close(); // stop + wait for the workers
        out.println("terminated: " + s.isTerminated());
    }
}
