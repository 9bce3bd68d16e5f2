package dev.tocin.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size in bytes: {@code 512m}, {@code 2g}, {@code 65536k}; a bare number means megabytes (like Node's --max-old-space-size). */
final class SizeConverter implements ITypeConverter<Long> {
    private static final Pattern FORM = Pattern.compile("(\\d+)([kmg]b?)?");

    @Override
    public Long convert(String text) {
        var m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a size (e.g. 256m, 2g)");
        }
        long n = Long.parseLong(m.group(1));
        var unit = m.group(2) == null ? "m" : m.group(2).substring(0, 1);
        int shift = switch (unit) {
            case "k" -> 10;
            case "g" -> 30;
            default -> 20;
        };
        if (n <= 0 || n > Long.MAX_VALUE >> shift) {
            throw new TypeConversionException("'" + text + "' is out of range");
        }
        return n << shift;
    }
}
