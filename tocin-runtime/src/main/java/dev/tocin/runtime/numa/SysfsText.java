package dev.tocin.runtime.numa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

/**
 * The text formats of Linux sysfs topology files, parsed defensively: files may end in a NUL byte or
 * lack a trailing newline; everything from the first NUL on is ignored, as C readers do.
 */
final class SysfsText {
    /** Far above any kernel's NR_CPUS (8192 today), low enough that garbage cannot allocate gigabytes. */
    static final int MAX_CPU = 1 << 16;
    private static final int MASK_WORD_HEX_DIGITS = 8;
    /**
     * The longest topology file read. The longest real one is a CPU list naming every other CPU up
     * to {@link #MAX_CPU} (about 190 KB); anything longer is not a sysfs topology file.
     */
    static final int MAX_FILE_BYTES = 256 * 1024;
    /** How much of a bad value an error message quotes. */
    private static final int QUOTE_CHARS = 80;

    private SysfsText() {
    }

    /** The cleaned text of a file, or empty if it does not exist. */
    static Optional<String> readIfExists(Path file) throws TopologyDataException {
        try (var in = Files.newInputStream(file)) {
            var content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new TopologyDataException(file + ": longer than " + MAX_FILE_BYTES
                        + " bytes, which no sysfs topology file is");
            }
            return Optional.of(clean(content));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TopologyDataException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * {@code 'value'} for an error message, cut to its first characters when long: garbage in a
     * file must not turn into megabytes of log.
     */
    static String quote(String value) {
        if (value.length() <= QUOTE_CHARS) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, QUOTE_CHARS) + "...' (" + value.length() + " characters)";
    }

    /** The text before the first NUL byte, without surrounding whitespace. */
    static String clean(byte[] content) {
        int end = 0;
        while (end < content.length && content[end] != 0) {
            end++;
        }
        return new String(content, 0, end, StandardCharsets.US_ASCII).strip();
    }

    /** A CPU list such as {@code 0-3,8,10-11}; empty text is the empty set. */
    static BitSet parseList(String text, Path file) throws TopologyDataException {
        var cpus = new BitSet();
        if (text.isEmpty()) {
            return cpus;
        }
        for (var part : text.split(",", -1)) {
            var range = part.strip();
            int dash = range.indexOf('-');
            int from = parseCpu(dash < 0 ? range : range.substring(0, dash), text, file);
            int to = dash < 0 ? from : parseCpu(range.substring(dash + 1), text, file);
            if (to < from) {
                throw new TopologyDataException(file + ": descending range " + quote(range) + " in CPU list "
                        + quote(text));
            }
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    /**
     * A CPU mask: hexadecimal 32-bit words separated by commas, most significant word first, e.g.
     * {@code 00000000,0000000f} for CPUs 0-3.
     */
    static BitSet parseMask(String text, Path file) throws TopologyDataException {
        if (text.isEmpty()) {
            throw new TopologyDataException(file + ": empty CPU mask");
        }
        var words = text.split(",", -1);
        if ((long) words.length * 32 > MAX_CPU) {
            throw new TopologyDataException(file + ": CPU mask of " + words.length + " words is too long");
        }
        var cpus = new BitSet();
        for (int i = 0; i < words.length; i++) {
            var word = words[i].strip();
            if (word.isEmpty() || word.length() > MASK_WORD_HEX_DIGITS || !word.chars().allMatch(SysfsText::isHex)) {
                throw new TopologyDataException(file + ": invalid word " + quote(word) + " in CPU mask " + quote(text)
                        + " (expected up to 8 hexadecimal digits per comma-separated word)");
            }
            long bits = Long.parseLong(word, 16);
            int base = (words.length - 1 - i) * 32;
            for (int bit = 0; bit < 32; bit++) {
                if ((bits & (1L << bit)) != 0) {
                    cpus.set(base + bit);
                }
            }
        }
        return cpus;
    }

    /** A decimal integer, possibly negative (e.g. {@code physical_package_id} of -1). */
    static int parseInt(String text, Path file) throws TopologyDataException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new TopologyDataException(file + ": expected an integer, found " + quote(text));
        }
    }

    private static int parseCpu(String digits, String text, Path file) throws TopologyDataException {
        var d = digits.strip();
        if (d.isEmpty() || d.length() > 6 || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TopologyDataException(file + ": invalid CPU number " + quote(d) + " in CPU list " + quote(text));
        }
        int cpu = Integer.parseInt(d);
        if (cpu >= MAX_CPU) {
            throw new TopologyDataException(file + ": CPU number " + cpu + " out of range in " + quote(text));
        }
        return cpu;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
