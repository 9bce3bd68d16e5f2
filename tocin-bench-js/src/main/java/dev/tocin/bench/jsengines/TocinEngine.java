package dev.tocin.bench.jsengines;

import dev.tocin.ffi.BinaryKind;
import dev.tocin.ffi.FFIValue;
import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Tocin: one {@link V8Runtime} used only through its public API, as users do. Calls from this
 * (non-loop) thread are posted to the runtime's loop thread and waited for. Batches cross as
 * one Int32Array ({@link BinaryKind#INT32_ARRAY}): one copy instead of one conversion per element.
 */
final class TocinEngine implements JsEngine {
    private final V8Runtime runtime;

    TocinEngine() {
        this(null);
    }

    /** @param codeCache V8 code-cache folder ({@code V8Options.codeCache}), or null for none */
    TocinEngine(Path codeCache) {
        runtime = codeCache == null ? new V8Runtime() : new V8Runtime(V8Options.builder().codeCache(codeCache).build());
        runtime.initialize();
    }

    @Override
    public String impl() {
        return "tocin";
    }

    @Override
    public void load(Path file, String name) {
        runtime.loadModule(file.toString(), name);
    }

    @Override
    public PreparedCall prepare(String module, String function, Object... args) {
        FFIValue[] converted = new FFIValue[args.length];
        for (int i = 0; i < args.length; i++) {
            converted[i] = toFFI(args[i]);
        }
        return () -> toJava(runtime.callFunction(module, function, converted));
    }

    @Override
    public void registerJavaAdd() {
        runtime.registerFunction("javaAdd", a -> FFIValue.of(asLong(a[0]) + asLong(a[1])));
    }

    private static long asLong(FFIValue v) {
        return switch (v) {
            case FFIValue.IntegerValue i -> i.value();
            case FFIValue.FloatValue f -> (long) f.value();
            default -> throw new IllegalArgumentException("javaAdd expects numbers, got " + v);
        };
    }

    private static FFIValue toFFI(Object arg) {
        return switch (arg) {
            case Long l -> FFIValue.of(l);
            case Integer i -> FFIValue.of(i.longValue());
            case Double d -> FFIValue.of(d);
            case String s -> FFIValue.of(s);
            case int[] ints -> {
                var bytes = ByteBuffer.allocate(ints.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asIntBuffer().put(ints);
                yield FFIValue.of(bytes.array(), BinaryKind.INT32_ARRAY);
            }
            default -> throw new IllegalArgumentException("unsupported argument " + arg.getClass().getName());
        };
    }

    private static Object toJava(FFIValue v) {
        return switch (v) {
            case FFIValue.BinaryDataValue b -> {
                int[] out = new int[b.length() / 4];
                ByteBuffer.wrap(b.bytes()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
                yield out;
            }
            default -> v.toJava();
        };
    }

    @Override
    public void close() {
        runtime.close();
    }
}
