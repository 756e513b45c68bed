package dev.anyrouter.http;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.usage.UsageStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/logs}: the account's own request log, newest first. */
final class LogRoutes {
    private static final int MAX_LIMIT = 500;

    private final UsageStore usage;
    private final Blocking blocking;

    LogRoutes(UsageStore usage, Blocking blocking) {
        this.usage = usage;
        this.blocking = blocking;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.get("/api/v1/logs"), Access.MANAGEMENT).handler(this::list);
        guard.require(router.get("/api/v1/logs/:id"), Access.MANAGEMENT).handler(this::one);
    }

    private void list(RoutingContext ctx) {
        int limit = limit(ctx.request().getParam("limit"));
        String before = ctx.request().getParam("before");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> usage.list(caller.accountId(), limit, before)))
                .onSuccess(list -> JsonReplies.json(ctx, 200, Map.of("data", list.stream().map(LogRoutes::view).toList())))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> usage.find(caller.accountId(), id)))
                .onSuccess(found -> {
                    if (found.isEmpty()) ErrorMapper.send(ctx.response(), ApiError.notFound("no request log with id " + id));
                    else JsonReplies.json(ctx, 200, view(found.get()));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static int limit(String raw) {
        if (raw == null) return 50;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw RequestFields.bad("'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }

    static Map<String, Object> view(UsageRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("created_at", r.at().toString());
        v.put("api_key_id", r.apiKeyId());
        v.put("model", r.model());
        if (r.requestedModel() != null) v.put("requested_model", r.requestedModel());
        v.put("provider", r.provider());
        v.put("key_id", r.keyId());
        v.put("key_alias", r.keyAlias());
        v.put("status", r.status());
        v.put("error_code", r.errorCode());
        v.put("stream", r.stream());
        v.put("input_tokens", r.inputTokens());
        v.put("output_tokens", r.outputTokens());
        v.put("cached_tokens", r.cachedTokens());
        v.put("usage_source", r.usageSource());
        v.put("latency_ms", r.latencyMs());
        v.put("ttft_ms", r.ttftMs());
        v.put("app_referer", r.appReferer());
        v.put("app_title", r.appTitle());
        v.put("billing", r.billing());
        v.put("cost_usd", r.costMicros() / 1_000_000.0);
        v.put("attempts", r.attempts().stream().map(a -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("key", a.key());
            t.put("provider", a.provider());
            if (a.model() != null) t.put("model", a.model());
            t.put("outcome", a.outcome());
            if (a.why() != null) t.put("why", a.why());
            t.put("ms", a.millis());
            return t;
        }).toList());
        return v;
    }
}
