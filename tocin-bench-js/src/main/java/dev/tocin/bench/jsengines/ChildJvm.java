package dev.tocin.bench.jsengines;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a fresh JVM like this one (same java, JVM options, class path and
 * module path, so a JVMCI run's children are JVMCI runs too) running {@link JsEnginesMain}
 * in one of its child modes.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** @param replaceHeap heap options replacing this JVM's -Xms/-Xmx, or empty to inherit them */
    static List<String> command(List<String> replaceHeap, String... mainArgs) {
        var cmd = new ArrayList<String>();
        cmd.add(ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this JVM")));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean heap = arg.startsWith("-Xmx") || arg.startsWith("-Xms") || arg.equals("-XX:+AlwaysPreTouch");
            if (!(heap && !replaceHeap.isEmpty()) && !arg.startsWith("-agentlib:jdwp")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(replaceHeap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JsEnginesMain.class.getName());
        cmd.addAll(List.of(mainArgs));
        return cmd;
    }
}
