package dev.tocin.v8.module;

import com.caoccao.javet.interop.options.V8Flags;

/**
 * The V8 flags the module system relies on: {@code import defer} (deferred evaluation),
 * source-phase imports ({@code import source}) and immutable ArrayBuffers (for bytes modules),
 * all implemented in V8 14.7 behind flags. They
 * must be set before the first isolate of the process, where the V8 host starts.
 */
public final class ModuleFlags {
    static final String FLAGS = "--js-defer-import-eval --js-source-phase-imports --js-immutable-arraybuffer";

    private ModuleFlags() {
    }

    /** Adds the module flags to {@code flags} (kept: any custom flags set before); false when V8 already sealed them. */
    public static boolean apply(V8Flags flags) {
        if (flags.isSealed()) {
            return false;
        }
        String custom = flags.getCustomFlags();
        if (custom == null || custom.isBlank()) {
            flags.setCustomFlags(FLAGS);
        } else if (!custom.contains(FLAGS)) {
            flags.setCustomFlags(custom + " " + FLAGS);
        }
        return true;
    }
}
