package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rate-limit headers of each dialect, read from the providers' documented examples. */
class RateLimitHeadersTest {
    private static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");

    private static RateLimits read(RateLimitHeaders dialect, Map<String, String> headers) {
        return dialect.read(headers::get, NOW);
    }

    @Test
    void openAisDocumentedExample() {
        // platform.openai.com/docs/guides/rate-limits, "Rate limits in headers".
        RateLimits limits = read(RateLimitHeaders.OPENAI, Map.of(
                "x-ratelimit-limit-requests", "60", "x-ratelimit-limit-tokens", "150000",
                "x-ratelimit-remaining-requests", "59", "x-ratelimit-remaining-tokens", "149984",
                "x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"));
        assertThat(limits.requests()).isEqualTo(new RateLimits.Window(60, 59, Duration.ofSeconds(1)));
        assertThat(limits.tokens()).isEqualTo(new RateLimits.Window(150_000, 149_984, Duration.ofMinutes(6)));
    }

    @Test
    void groqsDocumentedExampleWithFractionalResets() {
        // console.groq.com/docs/rate-limits, its header example.
        RateLimits limits = read(RateLimitHeaders.OPENAI, Map.of(
                "retry-after", "2",
                "x-ratelimit-limit-requests", "14400", "x-ratelimit-limit-tokens", "18000",
                "x-ratelimit-remaining-requests", "14370", "x-ratelimit-remaining-tokens", "17997",
                "x-ratelimit-reset-requests", "2m59.56s", "x-ratelimit-reset-tokens", "7.66s"));
        assertThat(limits.requests()).isEqualTo(new RateLimits.Window(14_400, 14_370, Duration.ofMillis(179_560)));
        assertThat(limits.tokens()).isEqualTo(new RateLimits.Window(18_000, 17_997, Duration.ofMillis(7_660)));
    }

    @Test
    void goDurationsInEveryUnitAndBareSeconds() {
        assertThat(RateLimitHeaders.goDuration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(RateLimitHeaders.goDuration("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
        assertThat(RateLimitHeaders.goDuration("0s")).isEqualTo(Duration.ZERO);
        assertThat(RateLimitHeaders.goDuration("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RateLimitHeaders.goDuration("350us")).isEqualTo(Duration.ofNanos(350_000));
        for (String bad : new String[] {"", "s", "1x", "-1s", "1s2", "9999999h", "1s 2m"}) {
            assertThat(RateLimitHeaders.goDuration(bad)).as(bad).isNull();
        }
    }

    @Test
    void anthropicsHeadersWithInstantResetsAndTheMostRestrictiveTokenLimit() {
        // docs.claude.com/en/api/rate-limits, "Response headers": resets are RFC 3339 instants.
        RateLimits limits = read(RateLimitHeaders.ANTHROPIC, Map.of(
                "anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "49",
                "anthropic-ratelimit-requests-reset", "2026-12-08T01:00:01Z",
                "anthropic-ratelimit-tokens-limit", "30000", "anthropic-ratelimit-tokens-remaining", "29000",
                "anthropic-ratelimit-tokens-reset", "2026-12-08T01:00:02.500Z",
                "anthropic-ratelimit-input-tokens-limit", "40000", "anthropic-ratelimit-input-tokens-remaining", "39000",
                "anthropic-ratelimit-input-tokens-reset", "2026-12-08T01:00:02Z"));
        assertThat(limits.requests()).isEqualTo(new RateLimits.Window(50, 49, Duration.ofSeconds(1)));
        assertThat(limits.tokens()).as("the -tokens- family wins").isEqualTo(new RateLimits.Window(30_000, 29_000, Duration.ofMillis(2500)));

        RateLimits inputOnly = read(RateLimitHeaders.ANTHROPIC, Map.of(
                "anthropic-ratelimit-input-tokens-limit", "40000", "anthropic-ratelimit-input-tokens-remaining", "0",
                "anthropic-ratelimit-input-tokens-reset", "2026-12-08T00:59:00Z"));
        assertThat(inputOnly.requests()).isNull();
        assertThat(inputOnly.tokens()).as("a reset already past is now").isEqualTo(new RateLimits.Window(40_000, 0, Duration.ZERO));
    }

    @Test
    void missingOrBrokenHeadersLeaveTheWindowUnknownAndNeverThrow() {
        assertThat(read(RateLimitHeaders.OPENAI, Map.of())).isEqualTo(RateLimits.NONE);
        assertThat(read(RateLimitHeaders.OPENAI, Map.of()).isEmpty()).isTrue();
        RateLimits broken = read(RateLimitHeaders.OPENAI, Map.of(
                "x-ratelimit-limit-requests", "sixty", "x-ratelimit-remaining-requests", "59", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-limit-tokens", "100", "x-ratelimit-remaining-tokens", "50", "x-ratelimit-reset-tokens", "soon"));
        assertThat(broken).isEqualTo(RateLimits.NONE);
        assertThat(read(RateLimitHeaders.ANTHROPIC, Map.of("anthropic-ratelimit-requests-limit", "5",
                "anthropic-ratelimit-requests-remaining", "-1", "anthropic-ratelimit-requests-reset", "2026-12-08T01:00:01Z")).requests())
                .isNull();
        RateLimits over = read(RateLimitHeaders.OPENAI, Map.of(
                "x-ratelimit-limit-requests", "10", "x-ratelimit-remaining-requests", "12", "x-ratelimit-reset-requests", "1s"));
        assertThat(over.requests().remaining()).as("never more left than the limit").isEqualTo(10);
    }

    @Test
    void theCatalogSaysWhichProvidersSendWhich() {
        ProviderCatalog catalog = ProviderCatalog.loadDefault();
        assertThat(catalog.find("openai").orElseThrow().rateLimitHeaders()).isEqualTo(RateLimitHeaders.OPENAI);
        assertThat(catalog.find("groq").orElseThrow().rateLimitHeaders()).isEqualTo(RateLimitHeaders.OPENAI);
        assertThat(catalog.find("anthropic").orElseThrow().rateLimitHeaders()).isEqualTo(RateLimitHeaders.ANTHROPIC);
        assertThat(catalog.find("deepseek").orElseThrow().rateLimitHeaders()).isNull();
    }
}
