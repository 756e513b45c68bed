package dev.anyrouter.web;

import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.AttemptTrace;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.usage.UsageStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code /logs}: the account's requests, newest first, filterable (fields, a UTC date range, a
 * search), {@value #PAGE} to a page; a row opens its detail; {@code /logs.csv} exports what the
 * filter matches. The filter runs over the newest {@value #WINDOW} requests, because the usage
 * store pages by account only; a filtered query in the store can replace this when analytics adds one.
 */
final class LogPages {
    static final int WINDOW = 1_000;
    static final int PAGE = 50;

    private final UsageStore usage;
    private final Blocking blocking;
    private final Clock clock;
    private final SessionGate gate;

    private final ApiKeyStore apiKeys;

    LogPages(UsageStore usage, ApiKeyStore apiKeys, Blocking blocking, Clock clock, SessionGate gate) {
        this.apiKeys = apiKeys;
        this.usage = usage;
        this.blocking = blocking;
        this.clock = clock;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/logs", ctx -> gate.serve(ctx, session -> list(ctx, session)));
        // Before /logs/:id, which would take "logs.csv" for an id.
        PageRoutes.get(router, "/logs.csv", ctx -> gate.serve(ctx, session -> csv(ctx, session)));
        PageRoutes.get(router, "/logs/:id", ctx -> gate.serve(ctx, session -> detail(ctx, session)));
    }

    private Future<Reply> list(RoutingContext ctx, WebSession session) {
        LogFilter filter = LogFilter.from(ctx.request().params());
        int page = pageNumber(ctx.request().getParam("page"));
        return blocking.run(() -> usage.list(session.accountId(), WINDOW, null)).map(records -> {
            List<UsageRecord> matching = records.stream().filter(filter::matches).toList();
            List<LogsView.Row> rows = matching.stream().skip((long) (page - 1) * PAGE).limit(PAGE).map(this::row).toList();
            return Reply.page("logs.jte", new LogsView(chrome(session), filter, rows, records.size(), choices(records),
                    new LogsView.Paging(page, matching.size(), page > 1, (long) page * PAGE < matching.size())));
        });
    }

    /** What the filter matches, as CSV: one line a request, the columns the page shows plus cost and billing. */
    private Future<Reply> csv(RoutingContext ctx, WebSession session) {
        LogFilter filter = LogFilter.from(ctx.request().params());
        return blocking.run(() -> usage.list(session.accountId(), WINDOW, null)).map(records -> new Reply.Download(
                "text/csv; charset=utf-8", "anyrouter-logs.csv", LogsCsv.of(records.stream().filter(filter::matches).toList())));
    }

    private static int pageNumber(String raw) {
        try {
            return raw == null ? 1 : Math.max(1, Math.min(WINDOW / PAGE + 1, Integer.parseInt(raw.strip())));
        } catch (NumberFormatException notANumber) {
            return 1;
        }
    }

    private Future<Reply> detail(RoutingContext ctx, WebSession session) {
        String id = ctx.pathParam("id");
        return blocking.run(() -> usage.find(session.accountId(), id).map(r -> new Found(r, apiKeyName(session.accountId(), r.apiKeyId()))))
                .map(found -> found
                .<Reply>map(f -> new Reply.Dialog(200, "logDetail.jte", new LogDetailView("Request " + f.record().id(),
                        fields(f.record(), f.apiKeyName()), attempts(f.record())), chrome(session)))
                .orElseGet(() -> Reply.notFound(chrome(session), "You have no request with that id.")));
    }

    private record Found(UsageRecord record, String apiKeyName) {}

    /** The API key's name as /keys shows it; a key since revoked is said to be. */
    private String apiKeyName(String accountId, String apiKeyId) {
        if (apiKeyId == null) return null;
        return apiKeys.list(accountId).stream().filter(k -> k.id().equals(apiKeyId)).map(k -> k.name() + " (" + k.prefix() + ")")
                .findFirst().orElse("a revoked key");
    }

    private LogsView.Row row(UsageRecord r) {
        return new LogsView.Row(r.id(), Formats.ago(r.at(), clock.instant()), Formats.stamp(r.at()), r.model(), r.provider(),
                r.keyAlias(), r.status(), r.errorCode(), r.inputTokens(), r.outputTokens(), r.latencyMs(),
                r.ttftMs() == null ? "" : r.ttftMs() + " ms", app(r), r.stream());
    }

    private static List<LogDetailView.Field> fields(UsageRecord r, String apiKeyName) {
        List<LogDetailView.Field> f = new ArrayList<>();
        f.add(new LogDetailView.Field("Time", Formats.stamp(r.at())));
        f.add(new LogDetailView.Field("Model", r.model()));
        if (r.requestedModel() != null && !r.requestedModel().equals(r.model())) {
            f.add(new LogDetailView.Field(r.requestedModel().startsWith("@preset/") ? "Preset" : "Asked for", r.requestedModel()));
        }
        f.add(new LogDetailView.Field("Provider", r.provider()));
        f.add(new LogDetailView.Field("Provider key", r.keyAlias()));
        f.add(new LogDetailView.Field("Status", r.status() + (r.errorCode() == null ? "" : " · " + r.errorCode())));
        f.add(new LogDetailView.Field("Streamed", r.stream() ? "yes" : "no"));
        f.add(new LogDetailView.Field("Input tokens", Long.toString(r.inputTokens())));
        f.add(new LogDetailView.Field("Output tokens", Long.toString(r.outputTokens())));
        f.add(new LogDetailView.Field("Cached tokens", Long.toString(r.cachedTokens())));
        f.add(new LogDetailView.Field("Token counts", r.usageSource() == null ? "" : r.usageSource().equals(UsageRecord.ESTIMATED)
                ? "estimated by AnyRouter (the answer ended before the provider reported its usage)" : "reported by the provider"));
        f.add(new LogDetailView.Field("Billed", billing(r)));
        f.add(new LogDetailView.Field("Cost", Formats.usd(r.costMicros())));
        f.add(new LogDetailView.Field("Latency", r.latencyMs() + " ms"));
        f.add(new LogDetailView.Field("Time to first token", r.ttftMs() == null ? "" : r.ttftMs() + " ms"));
        f.add(new LogDetailView.Field("App", r.appTitle()));
        f.add(new LogDetailView.Field("HTTP-Referer", r.appReferer()));
        f.add(new LogDetailView.Field("AnyRouter API key", apiKeyName));
        return f.stream().map(x -> new LogDetailView.Field(x.label(), x.value() == null || x.value().isEmpty() ? "—" : x.value())).toList();
    }

    /** Who paid: the caller's own key (no charge from AnyRouter) or its credits. */
    private static String billing(UsageRecord r) {
        if (r.billing() == null) return "";
        return switch (r.billing()) {
            case "byok" -> "your own key (" + r.keyAlias() + "): no charge from AnyRouter";
            case "credits" -> "AnyRouter credits";
            default -> r.billing();
        };
    }

    private static List<LogDetailView.Attempt> attempts(UsageRecord r) {
        List<LogDetailView.Attempt> out = new ArrayList<>();
        for (AttemptTrace a : r.attempts()) {
            out.add(new LogDetailView.Attempt(out.size() + 1, a.key(), a.provider(), a.model() == null ? "" : a.model(),
                    a.why() == null ? a.outcome() : a.outcome() + " (" + a.why() + ")",
                    a.millis() + " ms", a.outcome().equals("ok")));
        }
        return out;
    }

    private static LogsView.Choices choices(List<UsageRecord> records) {
        return new LogsView.Choices(distinct(records, UsageRecord::model), distinct(records, UsageRecord::provider),
                distinct(records, UsageRecord::keyAlias), distinct(records, r -> Integer.toString(r.status())),
                distinct(records, LogPages::app));
    }

    private static List<String> distinct(List<UsageRecord> records, Function<UsageRecord, String> field) {
        return records.stream().map(field).filter(Objects::nonNull).filter(s -> !s.isEmpty()).distinct().sorted().toList();
    }

    private static String app(UsageRecord r) {
        if (r.appTitle() != null && !r.appTitle().isBlank()) return r.appTitle();
        return r.appReferer() == null ? "" : r.appReferer();
    }

    private static Chrome chrome(WebSession session) {
        return Chrome.of(session, "Logs", "logs");
    }
}
