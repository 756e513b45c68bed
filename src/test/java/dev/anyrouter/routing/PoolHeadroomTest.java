package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The owner's traffic comes first: after a 429 the pool stays off a key longer than its owner does. */
class PoolHeadroomTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T10:00:00Z"));
    final PoolHeadroom headroom = new PoolHeadroom(clock);

    @Test
    void aCoolDownKeepsThePoolOffTwiceAsLongAndThirtySecondsMore() {
        assertThat(headroom.admits("k")).isTrue();
        headroom.cooledDown("k", clock.millis() + 10_000); // the owner may use it again in 10 s
        clock.advance(Duration.ofSeconds(10));
        assertThat(headroom.admits("k")).as("the owner has it back; the pool does not").isFalse();
        clock.advance(Duration.ofSeconds(39));
        assertThat(headroom.admits("k")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(headroom.admits("k")).isTrue();
        assertThat(headroom.admits("other")).isTrue();
    }

    @Test
    void theLongestCoolDownWinsAndARestoreForgetsIt() {
        headroom.cooledDown("k", clock.millis() + 60_000);
        headroom.cooledDown("k", clock.millis() + 1_000);
        clock.advance(Duration.ofSeconds(100));
        assertThat(headroom.admits("k")).isFalse();
        headroom.restore("k");
        assertThat(headroom.admits("k")).isTrue();
    }
}
