package dev.tocin.ffi;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigInteger;
import java.util.LinkedHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value JSON can hold survives toJSON then fromJSON unchanged (types, key order, exact numbers). */
class JsonRoundTripProperties {

    @Property(tries = 300)
    void jsonRoundTrip(@ForAll("jsonValues") FFIValue value) {
        String json = value.toJSON();
        assertThat(FFIValue.fromJSON(json)).isEqualTo(value);
        assertThat(FFIValue.fromJSON(json).toJSON()).isEqualTo(json);
    }

    @Property(tries = 300)
    void anyStringRoundTrips(@ForAll String s) {
        // Lone surrogates included: they are escaped on the way out and rebuilt on the way in.
        assertThat(FFIValue.fromJSON(FFIValue.of(s).toJSON())).isEqualTo(FFIValue.of(s));
    }

    @Property(tries = 500)
    void finiteDoublesRoundTripExactly(@ForAll double d) {
        if (!Double.isFinite(d)) {
            assertThat(FFIValue.of(d).toJSON()).isEqualTo("null");
            return;
        }
        var back = FFIValue.fromJSON(FFIValue.of(d).toJSON());
        assertThat(back).isInstanceOf(FFIValue.FloatValue.class);
        assertThat(Double.doubleToRawLongBits(back.asDouble())).isEqualTo(Double.doubleToRawLongBits(d));
    }

    @Provide
    Arbitrary<FFIValue> jsonValues() {
        return Arbitraries.recursive(this::scalars, inner -> Arbitraries.oneOf(
                inner,
                inner.list().ofMaxSize(5).map(FFIValue::of),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), inner)
                        .ofMaxSize(5)
                        .map(m -> FFIValue.of(new LinkedHashMap<>(m)))), 0, 4);
    }

    private Arbitrary<FFIValue> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(FFIValue.NULL),
                Arbitraries.of(true, false).map(FFIValue::of),
                Arbitraries.longs().map(FFIValue::of),
                Arbitraries.doubles().filter(Double::isFinite).map(FFIValue::of),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(63), BigInteger.TEN.pow(40))
                        .flatMap(b -> Arbitraries.of(b, b.negate().subtract(BigInteger.TWO)))
                        .map(FFIValue::of),
                Arbitraries.strings().ofMaxLength(12).map(FFIValue::of));
    }
}
