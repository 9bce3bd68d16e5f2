package dev.tocin.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a worker starts running a fiber's task. */
@Name("dev.tocin.FiberStart")
@Label("Fiber Start")
@Category({"Tocin", "Scheduler"})
@Description("A worker starts running a fiber's task")
@StackTrace(false)
final class FiberStartEvent extends Event {
    @Label("Priority")
    String priority;

    @Label("Worker")
    int worker;

    @Label("Node")
    int node;

    @Label("Queued Milliseconds")
    @Description("How long the fiber waited in a queue before it started")
    long queuedMillis;
}
