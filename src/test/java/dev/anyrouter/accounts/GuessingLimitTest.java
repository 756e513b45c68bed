package dev.anyrouter.accounts;

import dev.anyrouter.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuessingLimitTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final GuessingLimit limit = new GuessingLimit(10, Duration.ofMinutes(15), clock);

    @Test
    void tenFailuresInAWindowRefuseTheNextUntilTheOldestIsAWindowOld() {
        for (int i = 0; i < 10; i++) {
            assertThat(limit.retryAfter("address:1.2.3.4")).as("before failure %d", i + 1).isEmpty();
            limit.fail("address:1.2.3.4");
            clock.advance(Duration.ofSeconds(30));
        }
        // The first failure was at 10:00:00; it is now 10:05:00.
        assertThat(limit.retryAfter("address:1.2.3.4")).contains(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(limit.retryAfter("address:1.2.3.4")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limit.retryAfter("address:1.2.3.4")).as("the oldest failure left the window").isEmpty();
        limit.fail("address:1.2.3.4");
        assertThat(limit.retryAfter("address:1.2.3.4")).as("ten again in the window").contains(Duration.ofSeconds(30));
    }

    @Test
    void keysAreCountedApartAndTheLongestWaitWins() {
        for (int i = 0; i < 10; i++) limit.fail("account:ada@example.com");
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) limit.fail("address:1.2.3.4");
        assertThat(limit.retryAfter("address:5.6.7.8")).isEmpty();
        assertThat(limit.retryAfter("address:5.6.7.8", "account:ada@example.com")).contains(Duration.ofMinutes(10));
        assertThat(limit.retryAfter("address:1.2.3.4", "account:ada@example.com")).contains(Duration.ofMinutes(15));
    }

    @Test
    void clearingAKeyForgetsItsFailures() {
        for (int i = 0; i < 10; i++) limit.fail("account:ada@example.com", "address:1.2.3.4");
        limit.clear("account:ada@example.com");
        assertThat(limit.retryAfter("account:ada@example.com")).isEmpty();
        assertThat(limit.retryAfter("address:1.2.3.4")).isPresent();
    }

    @Test
    void failuresBeyondTheLimitKeepOnlyTheNewestSoTheWaitMovesWithThem() {
        for (int i = 0; i < 25; i++) {
            limit.fail("address:1.2.3.4");
            clock.advance(Duration.ofSeconds(10));
        }
        // Failures at 0..240 s; the ten newest are 150..240 s; it is 250 s now.
        assertThat(limit.retryAfter("address:1.2.3.4")).contains(Duration.ofSeconds(150 + 900 - 250));
    }
}
