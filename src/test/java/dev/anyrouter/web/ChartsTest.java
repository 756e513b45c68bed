package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ChartsTest {
    @Test
    void everyDayOfTheRangeGetsAColumnAndTheTallestBarFillsTheHeight() {
        LocalDate first = LocalDate.of(2026, 1, 1);
        Map<LocalDate, Long> byDay = Map.of(first.plusDays(1), 10L, first.plusDays(2), 5L);
        AnalyticsView.Chart chart = Charts.days("requests", "Requests", List.of(new AnalyticsView.Series("Requests", "s")),
                first, first.plusDays(3), byDay, List.<Function<Long, Long>>of(v -> v), v -> v + " requests", v -> v + " requests");

        assertThat(chart.columns()).hasSize(4);
        assertThat(chart.columns().get(0).bars().getFirst().height()).isZero();
        assertThat(chart.columns().get(0).tip()).isEqualTo("2026-01-01: nothing");
        assertThat(chart.columns().get(1).bars().getFirst().height()).isEqualTo(Charts.HEIGHT);
        assertThat(chart.columns().get(2).bars().getFirst().height()).isEqualTo(Charts.HEIGHT / 2);
        assertThat(chart.columns().get(2).bars().getFirst().y()).isEqualTo(Charts.HEIGHT / 2);
        assertThat(chart.peak()).isEqualTo("10 requests");
        assertThat(chart.from()).as("the date axis").isEqualTo("1 Jan");
        assertThat(chart.to()).isEqualTo("4 Jan");
    }

    @Test
    void aTinyNonZeroValueStaysVisibleAndNothingShowsAsNothing() {
        assertThat(Charts.height(1, 1_000_000)).isEqualTo(1);
        assertThat(Charts.height(0, 10)).isZero();
        assertThat(Charts.share(1, 1_000)).isEqualTo(1);
        assertThat(Charts.share(0, 0)).isZero();
        assertThat(Charts.share(5, 10)).isEqualTo(50);
    }

    @Test
    void anUnknownRangeFallsBackToThirtyDays() {
        assertThat(AnalyticsPages.days("7")).isEqualTo(7);
        assertThat(AnalyticsPages.days("365")).isEqualTo(30);
        assertThat(AnalyticsPages.days("x")).isEqualTo(30);
        assertThat(AnalyticsPages.days(null)).isEqualTo(30);
    }
}
