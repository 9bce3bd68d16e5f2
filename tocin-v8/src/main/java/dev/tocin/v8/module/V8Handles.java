package dev.tocin.v8.module;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValuePromise;

/**
 * The two things every part that holds V8 handles does, in one place for the module layer and the
 * runtime above it ({@code dev.tocin.v8}): release a handle, and ask whether a promise is still
 * pending, both without failing when the isolate is closing.
 */
public final class V8Handles {
    private static final System.Logger LOG = System.getLogger(V8Handles.class.getName());

    private V8Handles() {
    }

    /** Closes {@code value} (null: nothing); a failure (the isolate closing) is logged at DEBUG, not thrown. */
    public static void release(V8Value value) {
        if (value != null) {
            try {
                value.close();
            } catch (JavetException e) {
                LOG.log(System.Logger.Level.DEBUG, "releasing a V8 value failed", e);
            }
        }
    }

    /** Whether {@code promise} is still pending; a promise that cannot be read (isolate closing) counts as settled. */
    public static boolean isPending(V8ValuePromise promise) {
        try {
            return promise.isPending();
        } catch (JavetException e) {
            return false;
        }
    }
}
