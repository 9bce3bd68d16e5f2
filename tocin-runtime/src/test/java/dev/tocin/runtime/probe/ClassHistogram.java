package dev.tocin.runtime.probe;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The live heap by class, as {@code jcmd <pid> GC.class_histogram} prints it (which runs a full GC
 * first), taken in this JVM through the diagnostic-command MBean. Hidden classes are merged under
 * their name without the {@code /0x...} suffix.
 */
public final class ClassHistogram {
    /** One class's live instances and their bytes. */
    public record Row(long instances, long bytes) {
        /** Bytes per instance (every instance of a class has the same size). */
        public double bytesEach() {
            return instances == 0 ? 0.0 : (double) bytes / instances;
        }
    }

    private ClassHistogram() {
    }

    /** Class name to its row. */
    public static Map<String, Row> take() throws Exception {
        var text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        var rows = new HashMap<String, Row>();
        for (var line : text.split("\n")) {
            var parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":")) {
                rows.merge(parts[3].replaceAll("/0x.*", ""), new Row(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                        (a, b) -> new Row(a.instances + b.instances, a.bytes + b.bytes));
            }
        }
        return rows;
    }
}
