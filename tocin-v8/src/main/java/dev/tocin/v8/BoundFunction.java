package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.values.reference.V8ValueFunction;
import dev.tocin.ffi.FFIValue;
import dev.tocin.ffi.JsFunctionHandle;
import dev.tocin.v8.module.V8Handles;

import java.lang.ref.Cleaner;

/**
 * A JS function seen from Java: calling it runs the function on its runtime's loop thread (a
 * waiting fiber parks); a returned promise is awaited. The handle keeps its own reference to the
 * function, released on the loop when the handle becomes unreachable (or with the isolate).
 */
final class BoundFunction implements JsFunctionHandle, V8FunctionSource {
    private static final Cleaner CLEANER = Cleaner.create();

    private final V8Runtime runtime;
    private final V8ValueFunction function;

    BoundFunction(V8Runtime runtime, V8ValueFunction ownReference) {
        this.runtime = runtime;
        this.function = ownReference;
        CLEANER.register(this, new Release(runtime.loop(), ownReference));
    }

    @Override
    public FFIValue call(FFIValue... args) {
        return runtime.call(function, args);
    }

    @Override
    public V8ValueFunction v8Function(IV8Creatable v8) throws JavetException {
        return function.getV8Runtime() == v8 && !function.isClosed() ? function.toClone() : null;
    }

    /** Closes the reference on the loop thread; holds no reference to the handle itself. */
    private record Release(EventLoop loop, V8ValueFunction function) implements Runnable {
        @Override
        public void run() {
            if (loop.isStopped()) {
                return; // the isolate released it when it closed
            }
            try {
                loop.post(dev.tocin.runtime.Fiber.Priority.BACKGROUND, () -> V8Handles.release(function));
            } catch (RuntimeClosedException ignored) {
                // closed in between: nothing left to release
            }
        }
    }
}
