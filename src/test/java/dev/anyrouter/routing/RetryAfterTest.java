package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static Duration read(Map<String, String> headers) {
        return RetryAfter.from(headers::get, NOW).orElse(null);
    }

    @Test
    void readsEachWayProvidersSayHowLongToWait() {
        assertThat(read(Map.of("retry-after", "20"))).isEqualTo(Duration.ofSeconds(20));
        assertThat(read(Map.of("retry-after", "1.5"))).isEqualTo(Duration.ofMillis(1500));
        assertThat(read(Map.of("retry-after", "Sun, 01 Jun 2025 12:00:30 GMT"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(read(Map.of("retry-after-ms", "250", "retry-after", "9"))).as("milliseconds win").isEqualTo(Duration.ofMillis(250));
        assertThat(read(Map.of("x-ratelimit-reset-requests", "6m0s", "x-ratelimit-reset-tokens", "20ms")))
                .as("the later reset wins").isEqualTo(Duration.ofMinutes(6));
        assertThat(read(Map.of("anthropic-ratelimit-requests-reset", "2025-06-01T12:00:07Z"))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void ignoresWhatItCannotReadAndNeverGoesNegativeOrBeyondADay() {
        assertThat(read(Map.of())).isNull();
        assertThat(read(Map.of("retry-after", "soon"))).isNull();
        assertThat(read(Map.of("x-ratelimit-reset-requests", "1x"))).isNull();
        assertThat(read(Map.of("retry-after", "Sun, 01 Jun 2025 11:00:00 GMT"))).isEqualTo(Duration.ZERO);
        assertThat(read(Map.of("retry-after", "9999999"))).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.goDuration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
    }
}
