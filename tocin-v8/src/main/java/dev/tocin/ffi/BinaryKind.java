package dev.tocin.ffi;

/**
 * Which JavaScript view a {@link FFIValue.BinaryDataValue} came from (and becomes again), so
 * that a {@code Float64Array} crossing to Java and back is still a {@code Float64Array}.
 * The bytes are always the view's raw memory in the platform's byte order (little-endian on
 * every platform V8 supports here).
 */
public enum BinaryKind {
    ARRAY_BUFFER("ArrayBuffer", 1),
    DATA_VIEW("DataView", 1),
    INT8_ARRAY("Int8Array", 1),
    UINT8_ARRAY("Uint8Array", 1),
    UINT8_CLAMPED_ARRAY("Uint8ClampedArray", 1),
    INT16_ARRAY("Int16Array", 2),
    UINT16_ARRAY("Uint16Array", 2),
    FLOAT16_ARRAY("Float16Array", 2),
    INT32_ARRAY("Int32Array", 4),
    UINT32_ARRAY("Uint32Array", 4),
    FLOAT32_ARRAY("Float32Array", 4),
    FLOAT64_ARRAY("Float64Array", 8),
    BIGINT64_ARRAY("BigInt64Array", 8),
    BIGUINT64_ARRAY("BigUint64Array", 8);

    private final String jsName;
    private final int bytesPerElement;

    BinaryKind(String jsName, int bytesPerElement) {
        this.jsName = jsName;
        this.bytesPerElement = bytesPerElement;
    }

    /** The JavaScript constructor name, e.g. {@code Uint8Array}. */
    public String jsName() {
        return jsName;
    }

    /** Element size: a value's byte length must be a multiple of it. */
    public int bytesPerElement() {
        return bytesPerElement;
    }
}
