package dev.tocin.v8;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.IV8Creatable;
import com.caoccao.javet.values.reference.V8ValueFunction;
import dev.tocin.ffi.FFIValue;
import dev.tocin.ffi.JsFunctionHandle;
import dev.tocin.v8.module.V8Handles;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JS function seen from Java: calling it runs the function on its runtime's loop thread (a
 * waiting fiber parks); a returned promise is awaited. The handle keeps its own reference to the
 * function, released on the loop when the handle becomes unreachable, or when the runtime closes
 * ({@link Live}): V8 frees it with the isolate either way, but Javet reports each reference still
 * open at that moment as "not recycled", a warning a user would read as a leak.
 */
final class BoundFunction implements JsFunctionHandle, V8FunctionSource {
    private static final Cleaner CLEANER = Cleaner.create();

    private final V8Runtime runtime;
    private final V8ValueFunction function;

    BoundFunction(V8Runtime runtime, Live live, V8ValueFunction ownReference) {
        this.runtime = runtime;
        this.function = ownReference;
        live.functions.add(ownReference);
        CLEANER.register(this, new Release(runtime.loop(), live, ownReference));
    }

    /** The references of one runtime's handles that are still reachable; closed with the isolate. */
    static final class Live {
        private final Set<V8ValueFunction> functions = ConcurrentHashMap.newKeySet();

        /** On the loop thread as the isolate closes. */
        void closeAll() {
            for (var f : functions) {
                if (functions.remove(f)) {
                    V8Handles.release(f);
                }
            }
        }
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
    private record Release(EventLoop loop, Live live, V8ValueFunction function) implements Runnable {
        @Override
        public void run() {
            if (loop.isStopped() || !live.functions.remove(function)) {
                return; // released when the isolate closed
            }
            try {
                loop.post(dev.tocin.runtime.Fiber.Priority.BACKGROUND, () -> V8Handles.release(function));
            } catch (RuntimeClosedException ignored) {
                // closed in between: nothing left to release
            }
        }
    }
}
