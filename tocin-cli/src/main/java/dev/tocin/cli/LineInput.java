package dev.tocin.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Where the REPL's lines come from: a terminal (prompts, editing, history) or a plain stream (pipes, tests). */
sealed interface LineInput extends AutoCloseable {
    /** The next line without its end, or null at the end of input. */
    String read(String prompt);

    /** Whether prompts are shown and every result (even undefined) is printed, as a human expects. */
    boolean interactive();

    @Override
    void close();

    /** Ctrl-C at the prompt: the REPL drops the unfinished input. */
    final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    static LineInput stream(InputStream in) {
        return new Stream(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    }

    /** A JLine terminal with its history in {@code history} (kept between sessions). */
    static LineInput terminal(Path history) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).build();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("tocin")
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "... ")
                    .build();
            return new Console(terminal, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    record Stream(BufferedReader reader) implements LineInput {
        @Override
        public String read(String prompt) {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stdin: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public void close() {
            // stdin belongs to the process, not to the REPL.
        }
    }

    record Console(Terminal terminal, LineReader reader) implements LineInput {
        @Override
        public String read(String prompt) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                throw new Interrupted();
            } catch (EndOfFileException e) {
                return null;
            }
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public void close() {
            try {
                reader.getHistory().save();
                terminal.close();
            } catch (IOException e) {
                System.getLogger(LineInput.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot save the REPL history: " + e.getMessage());
            }
        }
    }
}
