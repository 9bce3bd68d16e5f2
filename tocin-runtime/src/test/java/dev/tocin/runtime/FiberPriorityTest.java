package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocin.runtime.Fiber.Priority;
import org.junit.jupiter.api.Test;

class FiberPriorityTest {
    @Test
    void levelsAreNumberedMostUrgentFirst() {
        assertThat(Priority.values()).extracting(Priority::value).containsExactly(0, 1, 2, 3, 4);
        for (Priority p : Priority.values()) {
            assertThat(Priority.of(p.value())).isSameAs(p);
        }
    }

    @Test
    void unknownValueIsNamedInTheError() {
        assertThatThrownBy(() -> Priority.of(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 5")
                .hasMessageContaining("4 (BACKGROUND)");
        assertThatThrownBy(() -> Priority.of(-1)).hasMessageContaining("value -1");
    }

    @Test
    void outsideAnyFiberThePriorityIsNormal() {
        assertThat(Fiber.currentPriority()).isEqualTo(Priority.NORMAL);
        assertThat(Fiber.current()).isEmpty();
    }
}
