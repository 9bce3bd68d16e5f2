package dev.tocin.ffi;

/**
 * The bounds every value conversion enforces, so that a cheap input (a deeply nested value, a
 * sparse array with a huge {@code length}, a million-digit JSON number) fails fast with a
 * {@link ValueLimitException} instead of running for minutes, exhausting the heap or overflowing
 * the stack. The same numbers apply to JS -> FFIValue, FFIValue -> JS, {@code fromJava},
 * {@code toJava}, {@code toJSON} and {@code fromJSON}.
 */
public final class ValueLimits {
    /**
     * Arrays and objects nested inside each other: at most this many levels (a scalar root is
     * level 0, {@code [1]} is level 1). The JS walk spends more than 1 KB of native and Java
     * stack per level, so this keeps every converter far from a StackOverflowError.
     */
    public static final int MAX_DEPTH = 256;

    /**
     * Elements of one array crossing from JS, holes included ({@code a.length = 1e8} costs JS
     * nothing but would be 10^8 UNDEFINED elements here).
     */
    public static final int MAX_ARRAY_LENGTH = 1 << 24;

    /**
     * Characters of one JSON number literal: {@code BigInteger} parsing is superlinear, and no
     * double or realistic integer needs more.
     */
    public static final int MAX_NUMBER_LENGTH = 10_000;

    /** Bytes of one typed array, DataView or ArrayBuffer crossing from JS: the largest Java array. */
    public static final int MAX_BINARY_LENGTH = Integer.MAX_VALUE - 8;

    /** Characters of a string V8 can hold ({@code String::kMaxLength}); longer ones are refused going to JS. */
    public static final int MAX_JS_STRING_LENGTH = (1 << 29) - 24;

    /** Bits of a JS BigInt ({@code BigInt::kMaxLengthBits}); larger BIGINTs are refused going to JS. */
    public static final int MAX_BIGINT_BITS = 1 << 30;

    /** Milliseconds from the epoch a JS Date can hold, either way (ECMA-262 time value range). */
    public static final long MAX_DATE_MILLIS = 8_640_000_000_000_000L;

    private ValueLimits() {
    }
}
