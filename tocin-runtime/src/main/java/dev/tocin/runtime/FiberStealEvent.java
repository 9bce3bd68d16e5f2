package dev.tocin.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a worker took a fiber from another worker's queue or another node's shared queue. */
@Name("dev.tocin.FiberSteal")
@Label("Fiber Steal")
@Category({"Tocin", "Scheduler"})
@Description("A worker took a fiber from another worker's queue or another node's shared queue")
@StackTrace(false)
final class FiberStealEvent extends Event {
    @Label("Priority")
    String priority;

    @Label("Thief Worker")
    int thief;

    @Label("Victim")
    @Description("worker-N for a worker's own queue, node-N for a node's shared queue")
    String victim;

    @Label("Remote")
    @Description("Whether the fiber crossed NUMA nodes")
    boolean remote;
}
