package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    @Test
    void agesReadAsAPersonWouldSayThem() {
        assertThat(Formats.ago(null, NOW)).isEqualTo("never");
        assertThat(Formats.ago(NOW.minusSeconds(5), NOW)).isEqualTo("just now");
        assertThat(Formats.ago(NOW.plusSeconds(5), NOW)).isEqualTo("just now");
        assertThat(Formats.ago(NOW.minus(Duration.ofMinutes(7)), NOW)).isEqualTo("7 min ago");
        assertThat(Formats.ago(NOW.minus(Duration.ofHours(5)), NOW)).isEqualTo("5 h ago");
        assertThat(Formats.ago(NOW.minus(Duration.ofDays(3)), NOW)).isEqualTo("3 d ago");
    }

    @Test
    void moneyShowsCentsAndMoreOnlyWhenCentsWouldHideIt() {
        assertThat(Formats.usd(2_000_000)).isEqualTo("$2.00");
        assertThat(Formats.usd(0)).isEqualTo("$0.00");
        assertThat(Formats.usd(-1_234_567)).isEqualTo("-$1.23");
        assertThat(Formats.usd(-1_200)).isEqualTo("-$0.0012");
        assertThat(Formats.usd(7)).isEqualTo("$0.000007");
    }

    @Test
    void stampsAreUtc() {
        assertThat(Formats.stamp(NOW)).isEqualTo("2026-01-10 12:00:00 UTC");
        assertThat(Formats.stamp(null)).isEmpty();
    }
}
