package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.byok.PresetService;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.routing.Preset;
import dev.anyrouter.store.Blocking;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/presets}: an account's presets, created ({@code POST}), listed, read, replaced
 * whole ({@code PUT /{name}}) and deleted, by the rules of {@link PresetService}.
 */
final class PresetRoutes {
    private final PresetService presets;
    private final Blocking blocking;

    PresetRoutes(PresetService presets, Blocking blocking) {
        this.presets = presets;
        this.blocking = blocking;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.post("/api/v1/presets"), Access.MANAGEMENT).handler(this::create);
        guard.require(router.get("/api/v1/presets"), Access.ANY_KEY_OR_SESSION).handler(this::list);
        guard.require(router.get("/api/v1/presets/:name"), Access.ANY_KEY_OR_SESSION).handler(this::get);
        guard.require(router.put("/api/v1/presets/:name"), Access.MANAGEMENT).handler(this::replace);
        guard.require(router.delete("/api/v1/presets/:name"), Access.MANAGEMENT).handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, PresetService.FIELDS);
        RequestFields.requiredText(body, "name", 64);
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(presets.create(caller.accountId(), body))))
                .onSuccess(view -> JsonReplies.json(ctx, 201, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void replace(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, PresetService.FIELDS);
        String name = ctx.pathParam("name");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(presets.replace(caller.accountId(), name, body))))
                .onSuccess(view -> JsonReplies.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void list(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> presets.list(caller.accountId()).stream().map(PresetRoutes::view).toList()))
                .onSuccess(all -> JsonReplies.json(ctx, 200, Map.of("data", all)))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void get(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> presets.find(caller.accountId(), name)
                        .map(PresetRoutes::view).orElseThrow(() -> notFound(name))))
                .onSuccess(view -> JsonReplies.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void delete(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> {
                    if (!presets.delete(caller.accountId(), name)) throw notFound(name);
                    return null;
                }))
                .onSuccess(v -> JsonReplies.noContent(ctx))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static ApiException notFound(String name) {
        return new ApiException(ApiError.notFound("you have no preset named '" + name + "'"));
    }

    static Map<String, Object> view(Preset p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("name", p.name());
        v.put("model", Preset.PREFIX + p.name());
        v.put("models", p.models());
        v.put("provider_order", p.providerOrder());
        v.put("fallback_to_credits", p.fallbackToCredits());
        v.put("system_prompt", p.systemPrompt());
        v.put("parameters", p.parameters());
        v.put("pins", p.pins().stream().map(pin -> Map.of("model", pin.model(), "key_id", pin.keyId(), "provider", pin.provider(),
                "upstream_model", pin.upstreamModel())).toList());
        v.put("created_at", p.createdAt().toString());
        v.put("updated_at", p.updatedAt().toString());
        return v;
    }
}
