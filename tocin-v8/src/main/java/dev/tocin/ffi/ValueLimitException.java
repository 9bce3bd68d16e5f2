package dev.tocin.ffi;

/**
 * A value refused by a conversion because it exceeds one of the {@link ValueLimits}: names the
 * limit, its maximum and where in the value the problem is, e.g. {@code value exceeds
 * ValueLimits.MAX_DEPTH (256) at $.a[3].b: nesting deeper than 256 arrays/objects}.
 */
public final class ValueLimitException extends IllegalArgumentException {
    private final String limit;
    private final long max;
    private final String path;

    /**
     * @param limit the {@link ValueLimits} constant's name, e.g. {@code "MAX_DEPTH"}
     * @param max   its value
     * @param path  where the value broke it ({@link ValuePath} text)
     * @param what  what was found there, e.g. {@code "an array of 100000000 elements"}
     */
    public ValueLimitException(String limit, long max, String path, String what) {
        super("value exceeds ValueLimits." + limit + " (" + max + ") at " + path + ": " + what);
        this.limit = limit;
        this.max = max;
        this.path = path;
    }

    /** The name of the {@link ValueLimits} constant that was exceeded. */
    public String limit() {
        return limit;
    }

    /** The limit's value. */
    public long max() {
        return max;
    }

    /** Where in the value the limit was exceeded ({@code $} is the root). */
    public String path() {
        return path;
    }

    /** A value nested deeper than {@link ValueLimits#MAX_DEPTH}, found at {@code path}. */
    public static ValueLimitException tooDeep(ValuePath path, String what) {
        return new ValueLimitException("MAX_DEPTH", ValueLimits.MAX_DEPTH, path.toString(),
                what + " nested deeper than " + ValueLimits.MAX_DEPTH + " arrays/objects");
    }
}
