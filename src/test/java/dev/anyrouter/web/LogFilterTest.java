package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.usage.UsageRecord;
import io.vertx.core.MultiMap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogFilterTest {
    private static UsageRecord record(String model, String provider, String alias, int status, String title, String referer) {
        return new UsageRecord("r", Instant.EPOCH, "a", "ak", model, provider, "k", alias, status, null, false, 1, 1, 0, 5,
                null, referer, title);
    }

    private static LogFilter filter(String... pairs) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) params.add(pairs[i], pairs[i + 1]);
        return LogFilter.from(params);
    }

    @Test
    void anEmptyFilterMatchesEverything() {
        assertThat(filter().isEmpty()).isTrue();
        assertThat(filter().matches(record(null, null, null, 500, null, null))).isTrue();
    }

    @Test
    void eachFieldNarrowsAndStatusTakesOkErrorOrACode() {
        UsageRecord ok = record("openai/gpt-4.1", "openai", "prod", 200, null, "https://app.example");
        UsageRecord failed = record("openai/gpt-4.1", "openai", "prod", 429, "My App", null);
        assertThat(filter("status", "ok").matches(ok)).isTrue();
        assertThat(filter("status", "ok").matches(failed)).isFalse();
        assertThat(filter("status", "error").matches(failed)).isTrue();
        assertThat(filter("status", "429").matches(failed)).isTrue();
        assertThat(filter("model", "OPENAI/gpt-4.1", "provider", "openai", "key", "prod").matches(ok)).isTrue();
        assertThat(filter("key", "staging").matches(ok)).isFalse();
        assertThat(filter("app", "My App").matches(failed)).isTrue();
        assertThat(filter("app", "https://app.example").matches(ok)).isTrue();
        assertThat(filter("app", "My App").matches(ok)).isFalse();
    }

    @Test
    void aDateRangeTakesBothEndsSearchLooksThroughEveryFieldAndTheQueryStringCarriesTheFilter() {
        UsageRecord day1 = new UsageRecord("req-abc", Instant.parse("2026-12-01T23:59:00Z"), "a", "ak", "openai/gpt-4.1", "openai", "k",
                "prod", 429, "pool_rate_limited", false, 1, 1, 0, 5, null, null, "Checkout");
        assertThat(filter("from", "2026-12-01", "to", "2026-12-01").matches(day1)).isTrue();
        assertThat(filter("from", "2026-12-02").matches(day1)).isFalse();
        assertThat(filter("to", "2026-11-30").matches(day1)).isFalse();
        assertThat(filter("from", "yesterday").isEmpty()).as("a date that is none is ignored").isTrue();
        assertThat(filter("q", "RATE_LIM").matches(day1)).isTrue();
        assertThat(filter("q", "checkout").matches(day1)).isTrue();
        assertThat(filter("q", "req-ab").matches(day1)).isTrue();
        assertThat(filter("q", "anthropic").matches(day1)).isFalse();
        assertThat(filter("q", "a b&c", "from", "2026-12-01").query()).isEqualTo("from=2026-12-01&q=a+b%26c");
    }
}
