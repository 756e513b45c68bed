package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.store.Blocking;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/keys}: the account's AnyRouter API keys. A new key's value is shown once, in the creation answer. */
final class ApiKeyRoutes {
    private final ApiKeyStore keys;
    private final Authenticator auth;
    private final Blocking blocking;

    ApiKeyRoutes(ApiKeyStore keys, Authenticator auth, Blocking blocking) {
        this.keys = keys;
        this.auth = auth;
        this.blocking = blocking;
    }

    void mount(Router router) {
        router.get("/api/v1/keys").handler(this::list);
        router.post("/api/v1/keys").handler(this::create);
        router.delete("/api/v1/keys/:id").handler(this::revoke);
    }

    private void list(RoutingContext ctx) {
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> keys.list(caller.accountId())))
                .onSuccess(list -> Responses.json(ctx, 200, Map.of("data", list.stream().map(ApiKeyRoutes::view).toList())))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void create(RoutingContext ctx) {
        String name;
        if (ctx.body().length() == 0) {
            name = "key";
        } else {
            ObjectNode body = RequestBodies.object(ctx, Set.of("name"));
            String given = RequestFields.optionalText(body, "name", 64);
            name = given == null || given.isBlank() ? "key" : given.strip();
        }
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> keys.create(caller.accountId(), name)))
                .onSuccess(created -> {
                    Map<String, Object> view = view(created.info());
                    view.put("key", created.plaintext());
                    Responses.json(ctx, 201, view);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> keys.revoke(caller.accountId(), id)))
                .onSuccess(revoked -> {
                    if (!revoked) {
                        ErrorMapper.send(ctx.response(), ApiError.notFound("no API key with id " + id));
                        return;
                    }
                    auth.forget(id);
                    Responses.noContent(ctx);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    static Map<String, Object> view(ApiKeyInfo info) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", info.id());
        view.put("name", info.name());
        view.put("prefix", info.prefix());
        view.put("created_at", info.createdAt().toString());
        view.put("last_used_at", info.lastUsedAt() == null ? null : info.lastUsedAt().toString());
        return view;
    }

}
