package dev.anyrouter.web;

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
 * {@code /logs}: the account's requests, newest first, filterable; a row opens its detail.
 * The filter runs over the newest {@value #WINDOW} requests, because the usage store pages by
 * account only; a filtered query in the store can replace this when analytics adds one.
 */
final class LogPages {
    static final int WINDOW = 1_000;
    private static final int SHOWN = 200;

    private final UsageStore usage;
    private final Blocking blocking;
    private final Clock clock;
    private final SessionGate gate;

    LogPages(UsageStore usage, Blocking blocking, Clock clock, SessionGate gate) {
        this.usage = usage;
        this.blocking = blocking;
        this.clock = clock;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/logs", ctx -> gate.serve(ctx, session -> list(ctx, session)));
        PageRoutes.get(router, "/logs/:id", ctx -> gate.serve(ctx, session -> detail(ctx, session)));
    }

    private Future<Reply> list(RoutingContext ctx, WebSession session) {
        LogFilter filter = LogFilter.from(ctx.request().params());
        return blocking.run(() -> usage.list(session.accountId(), WINDOW, null)).map(records -> {
            List<LogsView.Row> rows = records.stream().filter(filter::matches).limit(SHOWN).map(this::row).toList();
            return Reply.page("logs.jte", new LogsView(chrome(session), filter, rows, records.size(), choices(records)));
        });
    }

    private Future<Reply> detail(RoutingContext ctx, WebSession session) {
        String id = ctx.pathParam("id");
        return blocking.run(() -> usage.find(session.accountId(), id)).map(found -> found
                .<Reply>map(r -> new Reply.Dialog(200, "logDetail.jte", new LogDetailView("Request " + r.id(), fields(r), attempts(r)),
                        chrome(session)))
                .orElseGet(() -> Reply.notFound(chrome(session), "You have no request with that id.")));
    }

    private LogsView.Row row(UsageRecord r) {
        return new LogsView.Row(r.id(), Formats.ago(r.at(), clock.instant()), Formats.stamp(r.at()), r.model(), r.provider(),
                r.keyAlias(), r.status(), r.errorCode(), r.inputTokens(), r.outputTokens(), r.latencyMs(),
                r.ttftMs() == null ? "" : r.ttftMs() + " ms", app(r), r.stream());
    }

    private static List<LogDetailView.Field> fields(UsageRecord r) {
        List<LogDetailView.Field> f = new ArrayList<>();
        f.add(new LogDetailView.Field("Time", Formats.stamp(r.at())));
        f.add(new LogDetailView.Field("Model", r.model()));
        f.add(new LogDetailView.Field("Provider", r.provider()));
        f.add(new LogDetailView.Field("Provider key", r.keyAlias()));
        f.add(new LogDetailView.Field("Status", r.status() + (r.errorCode() == null ? "" : " · " + r.errorCode())));
        f.add(new LogDetailView.Field("Streamed", r.stream() ? "yes" : "no"));
        f.add(new LogDetailView.Field("Input tokens", Long.toString(r.inputTokens())));
        f.add(new LogDetailView.Field("Output tokens", Long.toString(r.outputTokens())));
        f.add(new LogDetailView.Field("Cached tokens", Long.toString(r.cachedTokens())));
        f.add(new LogDetailView.Field("Token counts", r.usageSource() == null ? "" : r.usageSource().equals(UsageRecord.ESTIMATED)
                ? "estimated by AnyRouter (the answer ended before the provider reported its usage)" : "reported by the provider"));
        f.add(new LogDetailView.Field("Latency", r.latencyMs() + " ms"));
        f.add(new LogDetailView.Field("Time to first token", r.ttftMs() == null ? "" : r.ttftMs() + " ms"));
        f.add(new LogDetailView.Field("App", app(r)));
        f.add(new LogDetailView.Field("AnyRouter API key id", r.apiKeyId()));
        return f.stream().map(x -> new LogDetailView.Field(x.label(), x.value() == null || x.value().isEmpty() ? "—" : x.value())).toList();
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
