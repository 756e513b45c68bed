package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.byok.ByokService;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.routing.KeyHealth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/byok}: the account's provider keys over JSON. The rules (live validation,
 * sealing, what may change) live in {@link ByokService}, which the dashboard shares; answers
 * carry a key's alias and masked form only.
 */
final class ByokRoutes {
    private static final java.util.Set<String> PATCH_FIELDS = union(ByokService.PATCH_FIELDS, DonationRoutes.PATCH_FIELDS);

    private final ByokService service;
    private final KeyHealth health;
    private final DonationRoutes donations;

    ByokRoutes(ByokService service, KeyHealth health, DonationRoutes donations) {
        this.service = service;
        this.health = health;
        this.donations = donations;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.get("/api/v1/byok"), Access.MANAGEMENT).handler(this::list);
        guard.require(router.post("/api/v1/byok"), Access.MANAGEMENT).handler(this::create);
        guard.require(router.get("/api/v1/byok/:id"), Access.MANAGEMENT).handler(this::one);
        guard.require(router.patch("/api/v1/byok/:id"), Access.MANAGEMENT).handler(this::patch);
        guard.require(router.delete("/api/v1/byok/:id"), Access.MANAGEMENT).handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, ByokService.CREATE_FIELDS);
        ByokService.NewKey request = service.parseCreate(body);
        Guard.caller(ctx)
                .compose(caller -> service.create(caller.accountId(), request))
                .onSuccess(record -> JsonReplies.json(ctx, 201, view(record, service)))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void list(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> service.list(caller.accountId()))
                .onSuccess(keys -> JsonReplies.json(ctx, 200, Map.of("data", keys.stream().map(k -> KeyViews.withHealth(k, health, service)).toList())))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Guard.caller(ctx)
                .compose(caller -> service.find(caller.accountId(), id))
                .onSuccess(found -> {
                    if (found.isEmpty()) ErrorMapper.send(ctx.response(), ByokService.notFound(id));
                    else JsonReplies.json(ctx, 200, KeyViews.withHealth(found.get(), health, service));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ObjectNode body = RequestBodies.object(ctx, PATCH_FIELDS);
        if (DonationRoutes.names(body)) {
            // A key's donation is its own change, with its own rules (consent, eligibility): not mixed with its settings.
            body.fieldNames().forEachRemaining(name -> {
                if (!DonationRoutes.PATCH_FIELDS.contains(name)) throw dev.anyrouter.protocol.RequestFields.bad(
                        "'" + name + "' cannot change with 'donation': send the donation fields in a PATCH of their own");
            });
            Guard.caller(ctx)
                    .compose(caller -> donations.patch(ctx, caller.accountId(), id, body))
                    .onSuccess(view -> JsonReplies.json(ctx, 200, view))
                    .onFailure(failure -> ErrorMapper.send(ctx, failure));
            return;
        }
        Guard.caller(ctx)
                .compose(caller -> service.update(caller.accountId(), id, body))
                .onSuccess(updated -> {
                    if (updated.isEmpty()) ErrorMapper.send(ctx.response(), ByokService.notFound(id));
                    else JsonReplies.json(ctx, 200, view(updated.get(), service));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Guard.caller(ctx)
                .compose(caller -> service.delete(caller.accountId(), id))
                .onSuccess(deleted -> {
                    if (deleted) JsonReplies.noContent(ctx);
                    else ErrorMapper.send(ctx.response(), ByokService.notFound(id));
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return java.util.Set.copyOf(all);
    }

    /** The key as shown, with a cloud credential's non-secret fields under {@code credential}. */
    static Map<String, Object> view(ProviderKeyRecord r, ByokService service) {
        Map<String, Object> v = view(r);
        service.credentialFields(r).ifPresent(fields -> v.put("credential", fields));
        return v;
    }

    static Map<String, Object> view(ProviderKeyRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("provider", r.provider());
        v.put("alias", r.alias());
        v.put("masked", r.masked());
        v.put("priority", r.priority());
        v.put("weight", r.weight());
        v.put("base_url", r.baseUrl());
        v.put("headers", r.headers().keySet());
        v.put("scope", r.scope());
        v.put("status", r.status().name().toLowerCase(Locale.ROOT));
        v.put("status_reason", r.statusReason());
        v.put("created_at", r.createdAt().toString());
        v.put("last_used_at", r.lastUsedAt() == null ? null : r.lastUsedAt().toString());
        return v;
    }
}
