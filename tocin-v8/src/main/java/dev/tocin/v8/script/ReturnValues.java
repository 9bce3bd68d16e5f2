package dev.tocin.v8.script;

import java.lang.reflect.Method;

/** Converts what a JS function returned ({@link dev.tocin.ffi.FFIValue#toJava()} form) to a Java method's return type. */
final class ReturnValues {
    private ReturnValues() {
    }

    static Object convert(Object value, Method method) {
        Class<?> type = method.getReturnType();
        if (type == void.class) {
            return null;
        }
        if (value == null) {
            if (type.isPrimitive()) {
                throw new ClassCastException(method.getName() + " returned undefined or null, but "
                        + type.getName() + " was expected");
            }
            return null;
        }
        if (value instanceof Number n) {
            if (type == int.class || type == Integer.class) return n.intValue();
            if (type == long.class || type == Long.class) return n.longValue();
            if (type == double.class || type == Double.class) return n.doubleValue();
            if (type == float.class || type == Float.class) return n.floatValue();
            if (type == short.class || type == Short.class) return n.shortValue();
            if (type == byte.class || type == Byte.class) return n.byteValue();
        }
        if (type == boolean.class && value instanceof Boolean) {
            return value;
        }
        if (type == String.class && !(value instanceof String)) {
            return String.valueOf(value);
        }
        if (!type.isInstance(value)) {
            throw new ClassCastException(method.getName() + " returned a " + value.getClass().getSimpleName()
                    + " (" + value + "), which is not a " + type.getName());
        }
        return value;
    }
}
