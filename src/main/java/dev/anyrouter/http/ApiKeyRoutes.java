package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.accounts.ApiKeyKind;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.store.Blocking;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/keys}: the account's AnyRouter API keys, inference keys unless {@code "management": true}
 * is asked for. A new key's value is shown once, in the creation answer. {@code /api/v1/key}: the
 * calling key's own info, the one thing besides models an inference key may read.
 */
final class ApiKeyRoutes {
    private final ApiKeyStore keys;
    private final Blocking blocking;

    ApiKeyRoutes(ApiKeyStore keys, Blocking blocking) {
        this.keys = keys;
        this.blocking = blocking;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.get("/api/v1/keys"), Access.MANAGEMENT).handler(this::list);
        guard.require(router.post("/api/v1/keys"), Access.MANAGEMENT).handler(this::create);
        guard.require(router.delete("/api/v1/keys/:id"), Access.MANAGEMENT).handler(this::revoke);
        guard.require(router.get("/api/v1/key"), Access.ANY_KEY).handler(this::own);
    }

    private void own(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> keys.list(caller.accountId()).stream()
                        .filter(k -> k.id().equals(caller.apiKeyId())).findFirst()))
                .onSuccess(found -> {
                    // Revoked since the caller's key was cached: the same answer a revoked key gets everywhere.
                    if (found.isEmpty()) ErrorMapper.send(ctx.response(), ApiError.unauthorized("this API key has been revoked"));
                    else JsonReplies.json(ctx, 200, Map.of("data", view(found.get())));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void list(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> keys.list(caller.accountId())))
                .onSuccess(list -> JsonReplies.json(ctx, 200, Map.of("data", list.stream().map(ApiKeyRoutes::view).toList())))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void create(RoutingContext ctx) {
        String name = "key";
        ApiKeyKind kind = ApiKeyKind.INFERENCE;
        if (ctx.body().length() != 0) {
            ObjectNode body = RequestBodies.object(ctx, Set.of("name", "management"));
            String given = RequestFields.optionalText(body, "name", 64);
            if (given != null && !given.isBlank()) name = given.strip();
            JsonNode management = body.get("management");
            if (management != null && !management.isNull() && !management.isBoolean()) {
                throw RequestFields.bad("'management' must be true (a key that may manage the account) or false (an inference key, the default)");
            }
            if (management != null && management.asBoolean(false)) kind = ApiKeyKind.MANAGEMENT;
        }
        String chosenName = name;
        ApiKeyKind chosenKind = kind;
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> keys.create(caller.accountId(), chosenName, chosenKind)))
                .onSuccess(created -> {
                    Map<String, Object> view = view(created.info());
                    view.put("key", created.plaintext());
                    JsonReplies.json(ctx, 201, view);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> keys.revoke(caller.accountId(), id)))
                .onSuccess(revoked -> {
                    if (!revoked) {
                        ErrorMapper.send(ctx.response(), ApiError.notFound("no API key with id " + id));
                        return;
                    }
                    JsonReplies.noContent(ctx); // the store told every node's cache to drop the key
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    static Map<String, Object> view(ApiKeyInfo info) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", info.id());
        view.put("name", info.name());
        view.put("prefix", info.prefix());
        view.put("kind", info.kind().wireName());
        view.put("created_at", info.createdAt().toString());
        view.put("last_used_at", info.lastUsedAt() == null ? null : info.lastUsedAt().toString());
        return view;
    }

}
