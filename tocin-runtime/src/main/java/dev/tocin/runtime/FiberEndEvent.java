package dev.tocin.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a fiber's task returned or threw. */
@Name("dev.tocin.FiberEnd")
@Label("Fiber End")
@Category({"Tocin", "Scheduler"})
@Description("A fiber's task returned or threw")
@StackTrace(false)
final class FiberEndEvent extends Event {
    @Label("Priority")
    String priority;

    @Label("Worker")
    int worker;

    @Label("Failed")
    boolean failed;

    @Label("Failure")
    String failure;
}
