package dev.tocin.v8.module;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @Test
    void parsesEveryKindAndKeepsKeyOrder() throws Json.SyntaxError {
        Object v = Json.parse("{\"z\":1,\"a\":[true,false,null,\"s\\u0041\\n\"],\"m\":{\"x\":-1.5e2}}");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        var map = (Map<String, Object>) v;
        assertThat(map.keySet()).containsExactly("z", "a", "m");
        assertThat(map.get("a")).isEqualTo(List.of(true, false, Json.NULL, "sA\n"));
        assertThat(((Map<?, ?>) map.get("m")).get("x")).isEqualTo(-150.0);
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": tru\n}"))
                .isInstanceOfSatisfying(Json.SyntaxError.class, e -> {
                    assertThat(e.line).isEqualTo(2);
                    assertThat(e.column).isEqualTo(8);
                });
        assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(Json.SyntaxError.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).hasMessageContaining("after the JSON value");
    }
}
