package dev.tocin.cli;

import dev.tocin.ffi.FFIValue;

/** The two JSON literals the CLI writes by hand: strings and numbers. */
final class Json {
    private Json() {
    }

    static String string(String s) {
        return FFIValue.of(s).toJSON();
    }

    /** JSON has no NaN or infinity: those become {@code null}. Integral values print without ".0". */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
