import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the stress profile when jcstress ran none of the configurations of a test: jcstress
 * reports a test it could not run (a forked JVM that cannot load the classes, more actors than
 * CPUs) as SKIPPED, a "soft error" that leaves its exit status at 0. Once every jcstress run of
 * the build was skipped that way (it had started the PATH's Java 17) and the build passed.
 *
 * <p>Reads the per-test pages of jcstress's HTML report. Run by exec-maven-plugin as a
 * single-file program (see tocin-runtime's stress profile). Argument: the report folder.
 */
public class CheckJcstressRan {
    /** A configuration's status cell: jcstress writes one of these per forked run. */
    private static final Pattern RAN = Pattern.compile(">\\s*(OK|FAILED|ERROR)\\s*<");

    public static void main(String[] args) throws IOException {
        var report = Path.of(args[0]);
        if (!Files.isDirectory(report)) {
            fail("no jcstress report in " + report);
        }
        List<String> pages = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> files = Files.list(report)) {
            for (var page : (Iterable<Path>) files.sorted()::iterator) {
                var name = page.getFileName().toString();
                if (!name.endsWith(".html") || name.equals("index.html")) continue;
                pages.add(name);
                if (!RAN.matcher(Files.readString(page)).find()) skipped.add(name.substring(0, name.length() - ".html".length()));
            }
        }
        if (pages.isEmpty()) {
            fail("the jcstress report in " + report + " lists no test");
        }
        if (!skipped.isEmpty()) {
            System.err.println("[tocin] jcstress ran none of the configurations of these tests (all SKIPPED):");
            skipped.forEach(s -> System.err.println("  " + s));
            fail("a test jcstress cannot run on this machine proves nothing; see the test's page in " + report);
        }
    }

    private static void fail(String message) {
        System.err.println("[tocin] " + message);
        System.exit(1);
    }
}
