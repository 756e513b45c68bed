package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NextPathTest {
    @Test
    void aPathOnThisServerIsFollowedWithItsQuery() {
        assertThat(NextPath.safe("/logs?model=gpt-4.1&status=ok")).isEqualTo("/logs?model=gpt-4.1&status=ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil",
            "/ok\npath", "/login", "/logout", "/signup?x", ""})
    void anythingElseGoesHome(String requested) {
        assertThat(NextPath.safe(requested)).isEqualTo(NextPath.HOME);
    }

    @Test
    void nothingRequestedGoesHome() {
        assertThat(NextPath.safe(null)).isEqualTo(NextPath.HOME);
    }
}
