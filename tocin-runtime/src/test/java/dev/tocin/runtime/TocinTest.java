package dev.tocin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TocinTest {
    @Test
    void versionIsTheFilteredProjectVersion() {
        assertThat(Tocin.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void testsRunOnJava25WithJavaLangOpened() {
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(25);
        assertThat(Thread.class.getModule().isOpen("java.lang", TocinTest.class.getModule())).isTrue();
    }
}
