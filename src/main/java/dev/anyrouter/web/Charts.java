package dev.anyrouter.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The geometry of the analytics page's day charts: columns of bars scaled to the tallest. Pure. */
final class Charts {
    static final int HEIGHT = 120;
    static final int COLUMN = 12;
    private static final int GAP = 2;
    /** An axis's day: "8 Dec". */
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private Charts() {}

    /**
     * One column per day from {@code first} to {@code last}; a day without figures gets empty bars.
     *
     * @param values each series' value of a day's figures
     * @param tip what hovering a day says
     */
    static <T> AnalyticsView.Chart days(String id, String title, List<AnalyticsView.Series> series, LocalDate first, LocalDate last,
                                        Map<LocalDate, T> byDay, List<Function<T, Long>> values, Function<Long, String> unit,
                                        Function<T, String> tip) {
        List<LocalDate> days = first.datesUntil(last.plusDays(1)).toList();
        long max = 0;
        for (T figures : byDay.values()) {
            for (Function<T, Long> value : values) max = Math.max(max, value.apply(figures));
        }
        int barWidth = Math.max(1, (COLUMN - GAP) / series.size());
        List<AnalyticsView.Column> columns = new ArrayList<>();
        for (int d = 0; d < days.size(); d++) {
            T figures = byDay.get(days.get(d));
            List<AnalyticsView.Bar> bars = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                long v = figures == null ? 0 : values.get(s).apply(figures);
                int h = height(v, max);
                bars.add(new AnalyticsView.Bar(series.get(s).css(), d * COLUMN + s * barWidth, HEIGHT - h, barWidth, h));
            }
            columns.add(new AnalyticsView.Column(days.get(d) + (figures == null ? ": nothing" : ": " + tip.apply(figures)), bars));
        }
        return new AnalyticsView.Chart(id, title, series, columns, Math.max(COLUMN, days.size() * COLUMN), HEIGHT, unit.apply(max),
                DAY.format(first), DAY.format(last));
    }

    /** A bar's height: proportional, and at least one unit for any non-zero value so it does not vanish. */
    static int height(long value, long max) {
        if (value <= 0 || max <= 0) return 0;
        return (int) Math.max(1, Math.round((double) value * HEIGHT / max));
    }

    /** A share out of 100, at least 1 for any non-zero part. */
    static int share(long part, long whole) {
        if (part <= 0 || whole <= 0) return 0;
        return (int) Math.max(1, Math.round(100.0 * part / whole));
    }
}
