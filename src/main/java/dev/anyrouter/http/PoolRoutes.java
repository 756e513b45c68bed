package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.providers.KeyValidator;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.Validation;
import dev.anyrouter.routing.KeyDirectory;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.KeyStatus;
import dev.anyrouter.routing.PoolConfig;
import dev.anyrouter.routing.PoolStrategy;
import dev.anyrouter.routing.ProviderKeyRecord;
import dev.anyrouter.routing.ProviderKeyStore;
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
    private static final Set<String> PUT_FIELDS = Set.of("strategy", "fallback_to_credits");

    private final ProviderCatalog catalog;
    private final ProviderKeyStore store;
    private final PoolService service;
    private final KeyDirectory directory;
    private final KeyHealth health;
    private final KeyValidator validator;
    private final Blocking blocking;

    PoolRoutes(ProviderCatalog catalog, ProviderKeyStore store, PoolService service, KeyDirectory directory, KeyHealth health,
               KeyValidator validator, Blocking blocking) {
        this.catalog = catalog;
        this.store = store;
        this.service = service;
        this.directory = directory;
        this.health = health;
        this.validator = validator;
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
        String rawStrategy = RequestBodies.optionalText(body, "strategy", 32);
        PoolStrategy strategy = rawStrategy == null ? null : PoolStrategy.fromWire(rawStrategy);
        if (rawStrategy != null && strategy == null) {
            throw RequestBodies.bad("'strategy' must be one of fallback, round_robin, weighted, random");
        }
        JsonNode credits = body.get("fallback_to_credits");
        if (credits != null && !credits.isNull() && !credits.isBoolean()) throw RequestBodies.bad("'fallback_to_credits' must be true or false");
        if (strategy == null && (credits == null || credits.isNull())) {
            throw RequestBodies.bad("nothing to change: send 'strategy' and/or 'fallback_to_credits'");
        }
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(caller.accountId(), provider, service.change(caller.accountId(),
                        provider.id(), strategy, credits == null || credits.isNull() ? null : credits.asBoolean()))))
                .onSuccess(view -> Responses.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void get(RoutingContext ctx) {
        Provider provider = provider(ctx);
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(caller.accountId(), provider,
                        service.settings(caller.accountId(), provider.id()))))
                .onSuccess(view -> Responses.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private Map<String, Object> view(String accountId, Provider provider, PoolConfig config) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("provider", provider.id());
        v.put("strategy", config.strategy().wireName());
        v.put("fallback_to_credits", config.fallbackToCredits());
        v.put("keys", store.forProvider(accountId, provider.id()).stream().map(k -> KeyViews.withHealth(k, health)).toList());
        return v;
    }

    private void validate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Guard.caller(ctx)
                .compose(caller -> revalidate(caller.accountId(), id))
                .onSuccess(view -> Responses.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    /** The dashboard's re-validate button: the same check, told as one line. */
    Future<String> recheck(String accountId, String keyId) {
        return revalidate(accountId, keyId).map(view -> view.get("reason") == null
                ? String.valueOf(view.get("result"))
                : view.get("result") + ": " + view.get("reason"));
    }

    /** Checks a stored key live again and applies what the provider said to its health. */
    private Future<Map<String, Object>> revalidate(String accountId, String id) {
        return blocking.run(() -> store.find(accountId, id))
                .compose(found -> {
                    if (found.isEmpty()) return Future.failedFuture(new ApiException(ApiError.notFound("no provider key with id " + id)));
                    ProviderKeyRecord key = found.get();
                    Provider provider = catalog.find(key.provider()).orElseThrow();
                    return blocking.run(() -> directory.open(key))
                            .compose(secret -> validator.validate(new UpstreamTarget(provider,
                                    key.baseUrl() == null ? provider.baseUrl() : URI.create(key.baseUrl()), secret, key.headers())))
                            .compose(validation -> blocking.run(() -> apply(key, validation)));
                });
    }

    /** Valid: a quarantine is lifted. Rejected: the key is quarantined. Unreachable: nothing changes. */
    private Map<String, Object> apply(ProviderKeyRecord key, Validation validation) {
        Map<String, Object> v = new LinkedHashMap<>();
        switch (validation) {
            case Validation.Valid valid -> {
                if (key.status() == KeyStatus.QUARANTINED) store.setStatus(key.id(), KeyStatus.ACTIVE, null);
                health.restore(key.id());
                v.put("result", "valid");
            }
            case Validation.Rejected rejected -> {
                store.setStatus(key.id(), KeyStatus.QUARANTINED, KeyHealth.INVALID_KEY + ": " + rejected.reason());
                v.put("result", "rejected");
                v.put("reason", rejected.reason());
            }
            case Validation.Unreachable unreachable -> {
                v.put("result", "unreachable");
                v.put("reason", unreachable.reason());
            }
        }
        directory.invalidate(key.accountId(), key.id());
        ProviderKeyRecord now = store.find(key.accountId(), key.id()).orElse(key);
        v.put("key", KeyViews.withHealth(now, health));
        return v;
    }

    private Provider provider(RoutingContext ctx) {
        String id = ctx.pathParam("provider").toLowerCase(Locale.ROOT);
        return catalog.find(id).orElseThrow(() -> new ApiException(ApiError.notFound("unknown provider '" + id + "'")));
    }
}
