package dev.tocin.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code --env-file}: {@code NAME=VALUE} lines as Node's {@code --env-file} and dotenv read
 * them: blank lines and {@code #} comments skipped, an optional {@code export } prefix, values
 * optionally in single or double quotes (double quotes expand {@code \n}), unquoted values
 * trimmed and ending at {@code  #}.
 */
final class EnvFile {
    /** A file that cannot be read or has a line that is not an entry; the message names file and line. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private EnvFile() {
    }

    static Map<String, String> parse(Path file) throws Invalid {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new Invalid("cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        var result = new LinkedHashMap<String, String>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw new Invalid(file.toAbsolutePath() + ":" + (i + 1) + ": expected NAME=VALUE, got \"" + lines.get(i) + "\"");
            }
            result.put(name, value(line.substring(eq + 1).strip(), file, i + 1));
        }
        return result;
    }

    private static String value(String raw, Path file, int line) throws Invalid {
        if (raw.length() >= 1 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
            char quote = raw.charAt(0);
            int end = raw.indexOf(quote, 1);
            if (end < 0) {
                throw new Invalid(file.toAbsolutePath() + ":" + line + ": unterminated " + quote + " quote");
            }
            String inner = raw.substring(1, end);
            return quote == '"' ? inner.replace("\\n", "\n") : inner;
        }
        int comment = raw.indexOf(" #");
        return (comment < 0 ? raw : raw.substring(0, comment)).strip();
    }
}
