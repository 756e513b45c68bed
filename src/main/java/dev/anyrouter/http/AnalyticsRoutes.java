package dev.anyrouter.http;

import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.UsageAnalytics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/analytics?from&to&group_by=day|model|provider|key|app|api_key}: the caller's
 * usage figures over a range (default: the last 30 days), grouped. {@code from} and {@code to}
 * are ISO instants ({@code 2026-11-27T00:00:00Z}) or dates ({@code 2026-11-27}, midnight UTC);
 * {@code to} is exclusive.
 */
final class AnalyticsRoutes {
    private static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final UsageAnalytics analytics;
    private final Blocking blocking;
    private final Clock clock;

    AnalyticsRoutes(UsageAnalytics analytics, Blocking blocking, Clock clock) {
        this.analytics = analytics;
        this.blocking = blocking;
        this.clock = clock;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.get("/api/v1/analytics"), Access.MANAGEMENT).handler(this::report);
    }

    private void report(RoutingContext ctx) {
        String groupParam = ctx.request().getParam("group_by", "day");
        UsageAnalytics.GroupBy groupBy = UsageAnalytics.GroupBy.fromWire(groupParam).orElseThrow(() ->
                RequestFields.bad("'group_by' must be one of day, model, provider, key, app, api_key"));
        Instant to = instant(ctx.request().getParam("to"), "to", clock.instant());
        Instant from = instant(ctx.request().getParam("from"), "from", to.minus(DEFAULT_RANGE));
        if (!from.isBefore(to)) throw RequestFields.bad("'from' must be before 'to'");
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) throw RequestFields.bad("the range may span at most 366 days");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> analytics.report(caller.accountId(), from, to, groupBy)))
                .onSuccess(report -> JsonReplies.json(ctx, 200, view(report)))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static Instant instant(String value, String field, Instant absent) {
        if (value == null || value.isBlank()) return absent;
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw RequestFields.bad("'" + field + "' must be an ISO instant (2026-11-27T00:00:00Z) or a date (2026-11-27)");
        }
    }

    private static Map<String, Object> view(UsageAnalytics.Report report) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("from", report.from().toString());
        v.put("to", report.to().toString());
        v.put("group_by", report.groupBy().wireName());
        v.put("data", report.rows().stream().map(AnalyticsRoutes::row).toList());
        v.put("total", row(report.total()));
        return v;
    }

    private static Map<String, Object> row(UsageAnalytics.Row r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("group", r.group());
        if (r.label() != null) v.put("label", r.label());
        v.put("requests", r.requests());
        v.put("errors", r.errors());
        v.put("input_tokens", r.inputTokens());
        v.put("output_tokens", r.outputTokens());
        v.put("cached_tokens", r.cachedTokens());
        v.put("cost_usd", r.costMicros() / 1_000_000.0);
        v.put("credits_spent_usd", r.creditsMicros() / 1_000_000.0);
        v.put("byok_savings_usd", r.byokSavedMicros() / 1_000_000.0);
        v.put("cost_micros", r.costMicros());
        v.put("credits_spent_micros", r.creditsMicros());
        v.put("byok_savings_micros", r.byokSavedMicros());
        v.put("latency_ms", percentiles(r.latency()));
        v.put("ttft_ms", percentiles(r.ttft()));
        return v;
    }

    private static Map<String, Object> percentiles(UsageAnalytics.Percentiles p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("p50", p.p50());
        v.put("p90", p.p90());
        v.put("p99", p.p99());
        return v;
    }
}
