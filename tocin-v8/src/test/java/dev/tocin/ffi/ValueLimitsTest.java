package dev.tocin.ffi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every Java-side converter stops at the same {@link ValueLimits} with a {@link ValueLimitException}
 * naming the limit and the path (issue #12: 100,000-deep data was a raw StackOverflowError, a
 * 1,000,000-digit JSON number took 13.7 s). The timeout is a hang guard, not a speed assertion.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ValueLimitsTest {
    private static final int HUGE = 100_000;

    /** [[[...null...]]] nested {@code levels} deep, built without recursion. */
    private static FFIValue nestedArrays(int levels) {
        FFIValue v = FFIValue.NULL;
        for (int i = 0; i < levels; i++) {
            v = FFIValue.array(v);
        }
        return v;
    }

    private static FFIValue nestedObjects(int levels) {
        FFIValue v = FFIValue.of(1);
        for (int i = 0; i < levels; i++) {
            v = FFIValue.of(Map.of("k", v));
        }
        return v;
    }

    @Test
    void exactlyMaxDepthPassesEveryConverterAndOneMoreFailsEveryConverter() {
        var atLimit = nestedArrays(ValueLimits.MAX_DEPTH);
        assertThat(FFIValue.fromJSON(atLimit.toJSON())).isEqualTo(atLimit);
        assertThat(FFIValue.fromJava(atLimit.toJava())).isEqualTo(atLimit);

        var over = nestedArrays(ValueLimits.MAX_DEPTH + 1);
        assertThatThrownBy(over::toJSON).isInstanceOf(ValueLimitException.class);
        assertThatThrownBy(over::toJava).isInstanceOf(ValueLimitException.class);
        assertThatThrownBy(() -> FFIValue.fromJSON("[".repeat(ValueLimits.MAX_DEPTH + 1)
                + "]".repeat(ValueLimits.MAX_DEPTH + 1))).isInstanceOf(ValueLimitException.class);
    }

    @Test
    void hugeDepthIsAValueLimitExceptionNamingLimitAndPathNotAStackOverflow() {
        var deepArrays = nestedArrays(HUGE);
        var deepObjects = nestedObjects(HUGE);

        var e = catchLimit(deepArrays::toJSON);
        assertThat(e.limit()).isEqualTo("MAX_DEPTH");
        assertThat(e.max()).isEqualTo(ValueLimits.MAX_DEPTH);
        assertThat(e.path()).startsWith("$[0][0]").contains("more)");
        assertThat(e).hasMessageContaining("ValueLimits.MAX_DEPTH (256)");

        assertThat(catchLimit(deepObjects::toJSON).path()).startsWith("$.k.k.k");
        assertThat(catchLimit(deepArrays::toJava).limit()).isEqualTo("MAX_DEPTH");
        assertThat(catchLimit(deepObjects::toJava).path()).startsWith("$.k.k");

        // fromJava of plain Java data: nested lists, maps, arrays and Optionals.
        Object javaList = null;
        Object javaMap = "leaf";
        Object[] javaArray = new Object[1];
        Object[] cursor = javaArray;
        Object optional = "x";
        for (int i = 0; i < HUGE; i++) {
            javaList = new ArrayList<>(java.util.Collections.singletonList(javaList));
            javaMap = Map.of("m", javaMap);
            var next = new Object[1];
            cursor[0] = next;
            cursor = next;
            optional = Optional.of(optional);
        }
        Object list = javaList;
        Object map = javaMap;
        Object chain = optional;
        assertThat(catchLimit(() -> FFIValue.fromJava(list)).path()).startsWith("$[0][0]");
        assertThat(catchLimit(() -> FFIValue.fromJava(map)).path()).startsWith("$.m.m");
        assertThat(catchLimit(() -> FFIValue.fromJava(javaArray)).limit()).isEqualTo("MAX_DEPTH");
        assertThat(catchLimit(() -> FFIValue.fromJava(chain)).limit()).isEqualTo("MAX_DEPTH");

        // fromJSON: the path is the document path, the message has line and column.
        var json = "{\"a\":" + "[".repeat(HUGE);
        var fromJson = catchLimit(() -> FFIValue.fromJSON(json));
        assertThat(fromJson.path()).startsWith("$.a[0][0]");
        assertThat(fromJson).hasMessageContaining("line 1, column ");
    }

    @Test
    void toStringOfATooDeepValueElidesInsteadOfThrowing() {
        assertThat(nestedArrays(HUGE).toString()).startsWith("[[[").contains("[...]").hasSizeLessThan(1000);
    }

    @Test
    void aMillionDigitNumberIsRefusedByLengthAndALongButAllowedOneStillParses() {
        String million = "9".repeat(1_000_000);
        var e = catchLimit(() -> FFIValue.fromJSON("{\"n\": [" + million + "]}"));
        assertThat(e.limit()).isEqualTo("MAX_NUMBER_LENGTH");
        assertThat(e.path()).isEqualTo("$.n[0]");
        assertThat(e).hasMessageContaining("1000000 characters").hasMessageContaining("line 1, column 8");
        assertThat(catchLimit(() -> FFIValue.fromJSON("0." + million)).limit()).isEqualTo("MAX_NUMBER_LENGTH");

        String allowed = "1" + "0".repeat(ValueLimits.MAX_NUMBER_LENGTH - 1);
        assertThat(FFIValue.fromJSON(allowed)).isEqualTo(FFIValue.of(new java.math.BigInteger(allowed)));
    }

    @Test
    void wideValuesAreNotLimitedByDepth() {
        var wide = new ArrayList<FFIValue>();
        for (int i = 0; i < HUGE; i++) {
            wide.add(FFIValue.array(FFIValue.of(i)));
        }
        var value = FFIValue.of(wide);
        assertThat(FFIValue.fromJSON(value.toJSON())).isEqualTo(value);
        assertThat(((List<?>) value.toJava())).hasSize(HUGE);
    }

    private static ValueLimitException catchLimit(Runnable r) {
        try {
            r.run();
        } catch (ValueLimitException e) {
            return e;
        }
        throw new AssertionError("expected a ValueLimitException");
    }
}
