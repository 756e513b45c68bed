package dev.anyrouter.web;

import java.util.List;

/**
 * The /analytics page: totals and percentiles over a range, charts over time, and breakdowns.
 * Charts are SVG drawn on the server (geometry as attributes), so the page needs no script and
 * no inline style.
 *
 * @param days the range shown, the last {@code days} days
 */
record AnalyticsView(Chrome chrome, int days, List<Integer> ranges, List<Figure> totals, List<Percentile> timings,
                     List<Chart> charts, List<Breakdown> breakdowns) {

    /** A headline number. */
    record Figure(String label, String value) {}

    /** Latency or TTFT percentiles, as text ("—" when nothing was measured). */
    record Percentile(String label, String p50, String p90, String p99) {}

    /**
     * A chart over time: one column per day, one bar per series in each; its axes run from 0 to {@code peak}
     * and from the day {@code from} to the day {@code to}.
     */
    record Chart(String id, String title, List<Series> series, List<Column> columns, int width, int height, String peak,
                 String from, String to) {}

    /** A series' name and the CSS class its bars carry. */
    record Series(String name, String css) {}

    /** One day: its bars and what hovering it tells. */
    record Column(String tip, List<Bar> bars) {}

    /** A rectangle in the chart's view box. */
    record Bar(String css, int x, int y, int width, int height) {}

    /** Figures by one dimension (model, provider, key, app), largest first. */
    record Breakdown(String id, String title, List<Group> groups) {}

    /** One group's figures; {@code share} is its request count as a width out of 100. */
    record Group(String name, long requests, long errors, String tokens, String cost, String saved, String latencyP50,
                 int share) {}
}
