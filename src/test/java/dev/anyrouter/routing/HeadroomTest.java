package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.RateLimitHeaders;
import dev.anyrouter.providers.RateLimits;
import dev.anyrouter.store.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-key estimate of what is left, from recorded header sequences, on an injected clock. */
class HeadroomTest {
    private final MutableClock clock = new MutableClock(PoolKeys.T0);
    private final Headroom headroom = new Headroom(clock);
    private final ProviderKeyRecord key = PoolKeys.key("k", 1, 1, 0);

    private RateLimits openAi(long limitRequests, long leftRequests, String resetRequests, long limitTokens, long leftTokens,
                              String resetTokens) {
        return RateLimitHeaders.OPENAI.read(Map.of(
                "x-ratelimit-limit-requests", Long.toString(limitRequests), "x-ratelimit-remaining-requests", Long.toString(leftRequests),
                "x-ratelimit-reset-requests", resetRequests, "x-ratelimit-limit-tokens", Long.toString(limitTokens),
                "x-ratelimit-remaining-tokens", Long.toString(leftTokens), "x-ratelimit-reset-tokens", resetTokens)::get, clock.instant());
    }

    private void call(long tokens, RateLimits answer) {
        headroom.sent(key, "gpt-4.1", tokens);
        headroom.answered(key, "gpt-4.1", tokens, answer);
    }

    @Test
    void aKeyNoAnswerHasSpokenForIsUnknownNeverEmptyAndRankedFull() {
        Headroom.Forecast f = headroom.forecast(key, "gpt-4.1", 1000);
        assertThat(f.unknown()).isTrue();
        assertThat(f.exhausted()).isFalse();
        assertThat(f.share()).isEqualTo(1.0);
        call(10, RateLimits.NONE);
        assertThat(headroom.forecast(key, "gpt-4.1", 10).unknown()).as("an answer without headers teaches nothing").isTrue();
    }

    @Test
    void openAisDocumentedSequenceIsFollowedAndRefillsEvenlyToTheReset() {
        // The guide's example: 59 of 60 requests, 149984 of 150000 tokens, whole again in 1 s and 6m0s.
        call(16, openAi(60, 59, "1s", 150_000, 149_984, "6m0s"));
        Headroom.Forecast f = headroom.forecast(key, "gpt-4.1", 16);
        assertThat(f.requests()).isEqualTo(new Headroom.Left(59, 60, Duration.ofSeconds(1)));
        assertThat(f.tokens()).isEqualTo(new Headroom.Left(149_984, 150_000, Duration.ofMinutes(6)));
        assertThat(f.describe()).isEqualTo("remaining 59/60 requests, 149984/150000 tokens, resets in 1 s");

        clock.advance(Duration.ofSeconds(3));
        assertThat(headroom.forecast(key, "gpt-4.1", 16).requests().left()).as("past its reset the window is whole").isEqualTo(60);

        // Spent down to nothing, whole again in 40 s: a quarter back after 10 s.
        call(16, openAi(60, 0, "40s", 150_000, 100_000, "20s"));
        assertThat(headroom.forecast(key, "gpt-4.1", 16).exhausted()).isTrue();
        assertThat(headroom.forecast(key, "gpt-4.1", 16).describe()).startsWith("remaining 0/60 requests").endsWith("resets in 40 s");
        clock.advance(Duration.ofSeconds(10));
        Headroom.Forecast later = headroom.forecast(key, "gpt-4.1", 16);
        assertThat(later.requests().left()).isEqualTo(15);
        assertThat(later.requests().resetsIn()).isEqualTo(Duration.ofSeconds(30));
        assertThat(later.tokens().left()).isEqualTo(125_000);
        assertThat(later.exhausted()).isFalse();
    }

    @Test
    void whatIsSentAndNotYetAnsweredIsTakenOffAndGivenBackWhenTheAnswerComes() {
        call(100, openAi(10, 3, "60s", 10_000, 5_000, "60s"));
        headroom.sent(key, "gpt-4.1", 2_000);
        headroom.sent(key, "gpt-4.1", 2_000);
        Headroom.Forecast busy = headroom.forecast(key, "gpt-4.1", 2_000);
        assertThat(busy.requests().left()).isEqualTo(1);
        assertThat(busy.tokens().left()).isEqualTo(1_000);
        assertThat(busy.exhausted()).as("1,000 tokens left cannot take 2,000").isTrue();
        assertThat(headroom.forecast(key, "gpt-4.1", 500).exhausted()).as("a smaller request still fits").isFalse();

        headroom.answered(key, "gpt-4.1", 2_000, openAi(10, 2, "60s", 10_000, 3_100, "60s"));
        Headroom.Forecast after = headroom.forecast(key, "gpt-4.1", 2_000);
        assertThat(after.requests().left()).as("the answer's figure, less the one still out").isEqualTo(1);
        assertThat(after.tokens().left()).isEqualTo(1_100);
    }

    @Test
    void aRequestLargerThanTheWholeWindowIsNotAReasonToWaitAndSharesRankKeys() {
        call(1, openAi(100, 100, "0s", 1_000, 1_000, "0s"));
        assertThat(headroom.forecast(key, "gpt-4.1", 50_000).exhausted()).isFalse();

        ProviderKeyRecord roomy = PoolKeys.key("roomy", 1, 1, 1);
        headroom.sent(roomy, "gpt-4.1", 1);
        headroom.answered(roomy, "gpt-4.1", 1, openAi(500, 400, "10s", 40_000, 30_000, "10s"));
        ProviderKeyRecord tight = PoolKeys.key("tight", 1, 1, 2);
        headroom.sent(tight, "gpt-4.1", 1);
        headroom.answered(tight, "gpt-4.1", 1, openAi(500, 490, "10s", 40_000, 5_000, "10s"));
        assertThat(headroom.forecast(roomy, "gpt-4.1", 4_000).share())
                .as("the token window binds the tight key").isGreaterThan(headroom.forecast(tight, "gpt-4.1", 4_000).share());
        assertThat(headroom.forecast(tight, "gpt-4.1", 4_000).share()).isEqualTo(1_000 / 40_000.0);
    }

    @Test
    void anthropicsHeadersArePerModelAndReadTheSameWay() {
        RateLimits said = RateLimitHeaders.ANTHROPIC.read(Map.of(
                "anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "3",
                "anthropic-ratelimit-requests-reset", clock.instant().plusSeconds(4).toString())::get, clock.instant());
        headroom.sent(key, "claude-sonnet-4-5", 10);
        headroom.answered(key, "claude-sonnet-4-5", 10, said);
        assertThat(headroom.forecast(key, "claude-sonnet-4-5", 10).describe()).isEqualTo("remaining 3/50 requests, resets in 4 s");
        assertThat(headroom.forecast(key, "claude-haiku-4-5", 10).unknown()).isTrue();
    }
}
