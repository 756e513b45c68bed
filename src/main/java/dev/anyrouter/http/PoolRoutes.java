package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.byok.ByokService;
import dev.anyrouter.byok.PoolService;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.PoolConfig;
import dev.anyrouter.routing.PoolCredits;
import dev.anyrouter.routing.PoolStrategy;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Key pools and key health: {@code PUT|GET /api/v1/byok/pools/{provider}} (strategy and credits
 * fall-through, with the pool's keys and their health) and {@code POST /api/v1/byok/{id}/validate},
 * which checks a key live and brings a quarantined key back when the provider accepts it again.
 */
final class PoolRoutes {
    private static final Set<String> PUT_FIELDS = Set.of("strategy", "credits", "fallback_to_credits");

    private final ProviderCatalog catalog;
    private final ProviderKeyStore store;
    private final PoolService service;
    private final ByokService byok;
    private final KeyHealth health;
    private final Blocking blocking;

    PoolRoutes(ProviderCatalog catalog, ProviderKeyStore store, PoolService service, ByokService byok, KeyHealth health, Blocking blocking) {
        this.catalog = catalog;
        this.store = store;
        this.service = service;
        this.byok = byok;
        this.health = health;
        this.blocking = blocking;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.put("/api/v1/byok/pools/:provider"), Access.MANAGEMENT).handler(this::put);
        guard.require(router.get("/api/v1/byok/pools/:provider"), Access.MANAGEMENT).handler(this::get);
        guard.require(router.post("/api/v1/byok/:id/validate"), Access.MANAGEMENT).handler(this::validate);
    }

    private void put(RoutingContext ctx) {
        Provider provider = provider(ctx);
        ObjectNode body = RequestBodies.object(ctx, PUT_FIELDS);
        String rawStrategy = RequestFields.optionalText(body, "strategy", 32);
        PoolStrategy strategy = rawStrategy == null ? null : PoolStrategy.fromWire(rawStrategy);
        if (rawStrategy != null && strategy == null) {
            throw RequestFields.bad("'strategy' must be one of fallback, round_robin, weighted, random, headroom, latency");
        }
        JsonNode fallback = body.get("fallback_to_credits");
        if (fallback != null && !fallback.isNull() && !fallback.isBoolean()) throw RequestFields.bad("'fallback_to_credits' must be true or false");
        Boolean fallbackToCredits = fallback == null || fallback.isNull() ? null : fallback.asBoolean();
        String rawCredits = RequestFields.optionalText(body, "credits", 32);
        PoolCredits credits = rawCredits == null ? null : PoolCredits.fromWire(rawCredits);
        if (rawCredits != null && credits == null) throw RequestFields.bad("'credits' must be one of without_keys, fallback, never");
        if (credits != null && fallbackToCredits != null) {
            throw RequestFields.bad("send 'credits' or the older 'fallback_to_credits', not both");
        }
        if (strategy == null && credits == null && fallbackToCredits == null) {
            throw RequestFields.bad("nothing to change: send 'strategy' and/or 'credits'");
        }
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(caller.accountId(), provider, service.change(caller.accountId(),
                        provider.id(), strategy, credits, fallbackToCredits))))
                .onSuccess(view -> JsonReplies.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void get(RoutingContext ctx) {
        Provider provider = provider(ctx);
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(caller.accountId(), provider,
                        service.settings(caller.accountId(), provider.id()))))
                .onSuccess(view -> JsonReplies.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private Map<String, Object> view(String accountId, Provider provider, PoolConfig config) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("provider", provider.id());
        v.put("strategy", config.strategy().wireName());
        v.put("credits", config.credits().wireName());
        v.put("fallback_to_credits", config.fallbackToCredits());
        v.put("keys", store.forProvider(accountId, provider.id()).stream().map(k -> KeyViews.withHealth(k, health)).toList());
        return v;
    }

    private void validate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Guard.caller(ctx)
                .compose(caller -> revalidate(caller.accountId(), id))
                .onSuccess(view -> JsonReplies.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    /** The re-validation's outcome, with the key as it is now and its health. */
    private Future<Map<String, Object>> revalidate(String accountId, String id) {
        return byok.revalidate(accountId, id).map(found -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("result", found.result());
            if (found.reason() != null) v.put("reason", found.reason());
            v.put("key", KeyViews.withHealth(found.key(), health));
            return v;
        });
    }

    private Provider provider(RoutingContext ctx) {
        String id = ctx.pathParam("provider").toLowerCase(Locale.ROOT);
        return catalog.find(id).orElseThrow(() -> new ApiException(ApiError.notFound("unknown provider '" + id + "'")));
    }
}
