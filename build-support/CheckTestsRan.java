import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the build when a test class was compiled but never executed: every non-abstract class
 * under src/test/java that declares JUnit or jqwik tests must have a Surefire report, or a
 * Failsafe one if its name ends in {@code IT}. Names that the runner's includes do not match are
 * how two property classes went unrun once; this keeps it from happening again.
 *
 * <p>Run by exec-maven-plugin at {@code verify} in every module (see the root pom) as a
 * single-file program, so it needs no build of its own and runs on any JDK 11+.
 *
 * <p>Arguments: module folder, build folder name, then the values of skipTests,
 * maven.test.skip, skipITs, test and it.test (a literal {@code ${...}} means unset).
 */
public class CheckTestsRan {
    private static final Pattern IT = Pattern.compile("\\w*IT\\.java");
    private static final Pattern TESTS = Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Example)\\b");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

    public static void main(String[] args) throws IOException {
        var module = Path.of(args[0]);
        var target = module.resolve(args[1]);
        boolean skipAll = set(args[2]) && !"false".equals(args[2]) || set(args[3]) && !"false".equals(args[3]);
        boolean skipUnits = skipAll || set(args[5]);
        boolean skipIts = skipAll || set(args[4]) && !"false".equals(args[4]) || set(args[6]);
        var sources = module.resolve("src/test/java");
        if (!Files.isDirectory(sources)) return;

        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (var file : (Iterable<Path>) files::iterator) {
                var name = file.getFileName().toString();
                if (!name.endsWith(".java")) continue;
                boolean it = IT.matcher(name).matches();
                if (it ? skipIts : skipUnits) continue;
                var source = Files.readString(file);
                if (!TESTS.matcher(source).find()) continue;
                var simple = name.substring(0, name.length() - ".java".length());
                if (Pattern.compile("(abstract\\s+class|interface|@interface|enum|record)\\s+" + simple + "\\b").matcher(source).find()) continue;
                var pkg = PACKAGE.matcher(source);
                var fqcn = (pkg.find() ? pkg.group(1) + "." : "") + simple;
                var report = target.resolve(it ? "failsafe-reports" : "surefire-reports").resolve("TEST-" + fqcn + ".xml");
                if (!Files.exists(report)) missing.add(fqcn + (it ? " (failsafe)" : " (surefire)"));
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("[tocin] test classes that were compiled but not executed in " + module.getFileName() + ":");
            missing.forEach(m -> System.err.println("  " + m));
            System.err.println("[tocin] make the runner's includes match them, or rename them.");
            System.exit(1);
        }
    }

    private static boolean set(String value) {
        return value != null && !value.isEmpty() && !value.startsWith("${");
    }
}
