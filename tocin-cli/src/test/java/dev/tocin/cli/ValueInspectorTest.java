package dev.tocin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocin.ffi.FFIValue;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueInspectorTest {
    @Test
    void scalarsLookLikeNodesRepl() {
        assertThat(ValueInspector.inspect(FFIValue.UNDEFINED)).isEqualTo("undefined");
        assertThat(ValueInspector.inspect(FFIValue.NULL)).isEqualTo("null");
        assertThat(ValueInspector.inspect(FFIValue.of(2))).isEqualTo("2");
        assertThat(ValueInspector.inspect(FFIValue.of(1.5))).isEqualTo("1.5");
        assertThat(ValueInspector.inspect(FFIValue.of(Double.NaN))).isEqualTo("NaN");
        assertThat(ValueInspector.inspect(FFIValue.of(-0.0))).isEqualTo("-0");
        assertThat(ValueInspector.inspect(FFIValue.of(1e-7))).isEqualTo("1e-7");
        assertThat(ValueInspector.inspect(FFIValue.of(1e300))).isEqualTo("1e+300");
        assertThat(ValueInspector.inspect(FFIValue.of(true))).isEqualTo("true");
        assertThat(ValueInspector.inspect(FFIValue.of(new BigInteger("12345678901234567890")))).isEqualTo("12345678901234567890n");
        assertThat(ValueInspector.inspect(FFIValue.of("it's\n"))).isEqualTo("'it\\'s\\n'");
    }

    @Test
    void evalPrintsStringsRawLikeNodeP() {
        assertThat(ValueInspector.print(FFIValue.of("Hello, World!"))).isEqualTo("Hello, World!");
        assertThat(ValueInspector.print(FFIValue.of(42))).isEqualTo("42");
    }

    @Test
    void containersNestAndQuoteOnlyKeysThatNeedIt() {
        var fields = new LinkedHashMap<String, FFIValue>();
        fields.put("a", FFIValue.of(1));
        fields.put("b-c", FFIValue.array(FFIValue.of("x"), FFIValue.NULL));
        fields.put("empty", FFIValue.of(List.of()));
        assertThat(ValueInspector.inspect(FFIValue.of(fields))).isEqualTo("{ a: 1, 'b-c': [ 'x', null ], empty: [] }");
    }

    @Test
    void deepNestingIsCut() {
        FFIValue v = FFIValue.array(FFIValue.of(1));
        for (int i = 0; i < 6; i++) {
            v = FFIValue.array(v);
        }
        assertThat(ValueInspector.inspect(v)).isEqualTo("[ [ [ [ [Array] ] ] ] ]");
    }
}
