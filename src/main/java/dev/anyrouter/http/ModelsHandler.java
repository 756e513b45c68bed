package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.OpenAiAdapter;
import dev.anyrouter.providers.Wire;
import dev.anyrouter.routing.KeyStatus;
import dev.anyrouter.routing.KeyDirectory;
import dev.anyrouter.routing.ProviderKeyRecord;
import dev.anyrouter.routing.ProviderKeyStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /api/v1/models}: the models the caller's own keys reach, as {@code provider/model}
 * ids in the OpenAI list shape. Each provider is asked once through one of the account's keys
 * and the answer is cached for a minute; a provider that fails to answer is left out.
 */
final class ModelsHandler implements Handler<RoutingContext> {
    private record Listing(List<ObjectNode> models, Instant until) {}

    private static final Duration TTL = Duration.ofSeconds(60);

    private final Authenticator auth;
    private final ProviderKeyStore keys;
    private final KeyDirectory directory;
    private final ProviderCatalog catalog;
    private final UpstreamClient upstream;
    private final Blocking blocking;
    private final Clock clock;
    private final Map<String, Listing> cache = new ConcurrentHashMap<>();

    ModelsHandler(Authenticator auth, ProviderKeyStore keys, KeyDirectory directory, ProviderCatalog catalog,
                  UpstreamClient upstream, Blocking blocking, Clock clock) {
        this.auth = auth;
        this.keys = keys;
        this.directory = directory;
        this.catalog = catalog;
        this.upstream = upstream;
        this.blocking = blocking;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        auth.apiKey(ctx.request())
                .compose(caller -> {
                    String cacheKey = caller.accountId() + "|" + caller.apiKeyId();
                    Listing hit = cache.get(cacheKey);
                    if (hit != null && hit.until().isAfter(clock.instant())) return Future.succeededFuture(hit.models());
                    return collect(caller).onSuccess(models -> cache.put(cacheKey, new Listing(models, clock.instant().plus(TTL))));
                })
                .onSuccess(models -> {
                    ObjectNode body = Json.object().put("object", "list");
                    ArrayNode data = body.putArray("data");
                    models.forEach(data::add);
                    Responses.json(ctx, 200, body);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private Future<List<ObjectNode>> collect(Caller caller) {
        return blocking.run(() -> {
            Map<String, ProviderKeyRecord> onePerProvider = new LinkedHashMap<>();
            for (ProviderKeyRecord key : keys.list(caller.accountId())) {
                boolean inScope = key.scope().isEmpty() || key.scope().contains(caller.apiKeyId());
                if (key.status() == KeyStatus.ACTIVE && inScope) onePerProvider.putIfAbsent(key.provider(), key);
            }
            List<UpstreamTarget> targets = new ArrayList<>();
            for (ProviderKeyRecord key : onePerProvider.values()) {
                Provider provider = catalog.find(key.provider()).orElse(null);
                if (provider == null || provider.wire() != Wire.OPENAI) continue;
                URI base = key.baseUrl() == null ? provider.baseUrl() : URI.create(key.baseUrl());
                targets.add(new UpstreamTarget(provider, base, directory.open(key), key.headers()));
            }
            return targets;
        }).compose(targets -> {
            List<Future<List<ObjectNode>>> lists = targets.stream().map(this::modelsOf).toList();
            return Future.join(lists).transform(done -> {
                List<ObjectNode> all = new ArrayList<>();
                for (Future<List<ObjectNode>> f : lists) if (f.succeeded()) all.addAll(f.result());
                return Future.succeededFuture(all);
            });
        });
    }

    private Future<List<ObjectNode>> modelsOf(UpstreamTarget target) {
        return upstream.send(OpenAiAdapter.listModels(target))
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() / 100 != 2) return List.<ObjectNode>of();
                    List<ObjectNode> models = new ArrayList<>();
                    JsonNode data = Json.parse(body.getBytes()).path("data");
                    for (JsonNode m : data) {
                        String id = m.path("id").asText("");
                        if (id.isEmpty()) continue;
                        models.add(Json.object()
                                .put("id", target.provider().id() + "/" + id)
                                .put("object", "model")
                                .put("created", m.path("created").asLong(0))
                                .put("owned_by", target.provider().id()));
                    }
                    return models;
                }));
    }
}
