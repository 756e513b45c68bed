package dev.anyrouter.web;

import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.UsageAnalytics;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /analytics}: the account's figures over the last 1, 7, 30 or 90 days, from the same
 * {@link UsageAnalytics} queries as {@code GET /api/v1/analytics}: requests, tokens, cost and
 * BYOK savings per day; by model, provider, key and app; latency and TTFT percentiles.
 */
final class AnalyticsPages {
    static final List<Integer> RANGES = List.of(1, 7, 30, 90);
    private static final int DEFAULT_DAYS = 30;
    private static final int GROUPS_SHOWN = 20;

    private final UsageAnalytics analytics;
    private final Blocking blocking;
    private final Clock clock;
    private final SessionGate gate;

    AnalyticsPages(UsageAnalytics analytics, Blocking blocking, Clock clock, SessionGate gate) {
        this.analytics = analytics;
        this.blocking = blocking;
        this.clock = clock;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/analytics", ctx -> gate.serve(ctx, session -> page(ctx, session)));
    }

    private Future<Reply> page(RoutingContext ctx, WebSession session) {
        int days = days(ctx.request().getParam("days"));
        // Whole UTC days, today included, so the day chart's columns line up with the report's day groups.
        LocalDate last = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = last.minusDays(days - 1L);
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return blocking.run(() -> {
            String account = session.accountId();
            UsageAnalytics.Report byDay = analytics.report(account, from, to, UsageAnalytics.GroupBy.DAY);
            List<AnalyticsView.Breakdown> breakdowns = new ArrayList<>();
            breakdowns.add(breakdown("model", "By model", analytics.report(account, from, to, UsageAnalytics.GroupBy.MODEL)));
            breakdowns.add(breakdown("provider", "By provider", analytics.report(account, from, to, UsageAnalytics.GroupBy.PROVIDER)));
            breakdowns.add(breakdown("key", "By provider key", analytics.report(account, from, to, UsageAnalytics.GroupBy.KEY)));
            breakdowns.add(breakdown("app", "By app", analytics.report(account, from, to, UsageAnalytics.GroupBy.APP)));
            return Reply.page("analytics.jte", new AnalyticsView(Chrome.of(session, "Analytics", "analytics"), days, RANGES,
                    totals(byDay.total()), timings(byDay.total()), charts(byDay, first, last), breakdowns));
        });
    }

    static int days(String param) {
        try {
            int asked = param == null ? DEFAULT_DAYS : Integer.parseInt(param);
            return RANGES.contains(asked) ? asked : DEFAULT_DAYS;
        } catch (NumberFormatException e) {
            return DEFAULT_DAYS;
        }
    }

    private static List<AnalyticsView.Figure> totals(UsageAnalytics.Row t) {
        return List.of(new AnalyticsView.Figure("Requests", Long.toString(t.requests())),
                new AnalyticsView.Figure("Errors", Long.toString(t.errors())),
                new AnalyticsView.Figure("Tokens in / out", t.inputTokens() + " / " + t.outputTokens()),
                new AnalyticsView.Figure("Cost at list price", Formats.usd(t.costMicros())),
                new AnalyticsView.Figure("Credits spent", Formats.usd(t.creditsMicros())),
                new AnalyticsView.Figure("Saved by your keys", Formats.usd(t.byokSavedMicros())));
    }

    private static List<AnalyticsView.Percentile> timings(UsageAnalytics.Row t) {
        return List.of(percentile("Latency", t.latency()), percentile("Time to first token", t.ttft()));
    }

    private static AnalyticsView.Percentile percentile(String label, UsageAnalytics.Percentiles p) {
        return new AnalyticsView.Percentile(label, ms(p.p50()), ms(p.p90()), ms(p.p99()));
    }

    private static String ms(Long value) {
        return value == null ? "—" : value + " ms";
    }

    private static List<AnalyticsView.Chart> charts(UsageAnalytics.Report byDay, LocalDate first, LocalDate last) {
        Map<LocalDate, UsageAnalytics.Row> rows = new HashMap<>();
        for (UsageAnalytics.Row r : byDay.rows()) {
            if (r.group() != null) rows.put(LocalDate.parse(r.group()), r);
        }
        return List.of(
                Charts.days("requests", "Requests", List.of(new AnalyticsView.Series("Requests", "s-requests"),
                                new AnalyticsView.Series("Errors", "s-errors")), first, last, rows,
                        List.of(UsageAnalytics.Row::requests, UsageAnalytics.Row::errors), v -> v + " requests",
                        r -> r.requests() + " requests, " + r.errors() + " errors"),
                Charts.days("tokens", "Tokens", List.of(new AnalyticsView.Series("Input", "s-input"),
                                new AnalyticsView.Series("Output", "s-output")), first, last, rows,
                        List.of(UsageAnalytics.Row::inputTokens, UsageAnalytics.Row::outputTokens), v -> v + " tokens",
                        r -> r.inputTokens() + " in, " + r.outputTokens() + " out"),
                Charts.days("cost", "Cost and BYOK savings", List.of(new AnalyticsView.Series("Credits spent", "s-credits"),
                                new AnalyticsView.Series("Saved by your keys", "s-saved")), first, last, rows,
                        List.of(UsageAnalytics.Row::creditsMicros, UsageAnalytics.Row::byokSavedMicros), Formats::usd,
                        r -> Formats.usd(r.creditsMicros()) + " credits, " + Formats.usd(r.byokSavedMicros()) + " saved"));
    }

    private static AnalyticsView.Breakdown breakdown(String id, String title, UsageAnalytics.Report report) {
        long most = report.rows().stream().mapToLong(UsageAnalytics.Row::requests).max().orElse(0);
        List<AnalyticsView.Group> groups = report.rows().stream().limit(GROUPS_SHOWN).map(r -> new AnalyticsView.Group(
                name(r), r.requests(), r.errors(), r.inputTokens() + " / " + r.outputTokens(), Formats.usd(r.costMicros()),
                Formats.usd(r.byokSavedMicros()), ms(r.latency().p50()), Charts.share(r.requests(), most))).toList();
        return new AnalyticsView.Breakdown(id, title, groups);
    }

    private static String name(UsageAnalytics.Row r) {
        if (r.label() != null) return r.label();
        return r.group() == null || r.group().isBlank() ? "(none)" : r.group();
    }
}
