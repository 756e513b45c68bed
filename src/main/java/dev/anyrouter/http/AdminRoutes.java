package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.billing.CreditGrants;
import dev.anyrouter.byok.ByokService;
import dev.anyrouter.keys.OperatorKeys;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.store.Database;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/admin}: the operator's API, answered only to {@code Authorization: Bearer} with
 * the operator token from the settings ({@code ANYROUTER_ADMIN_TOKEN}), and absent (404) when no
 * token is set. Grants credits, and manages the operator's own provider keys, which serve
 * credits traffic and are never shown to any account.
 */
final class AdminRoutes {
    private static final Set<String> GRANT_FIELDS = Set.of("email", "account_id", "usd", "memo", "request_id");

    private final byte[] token;
    private final CreditGrants grants;
    private final ByokService byok;
    private final ProviderKeyStore keys;
    private final KeyHealth health;
    private final Blocking blocking;
    private final Database db;

    /** {@code token} null turns the admin API off. */
    AdminRoutes(String token, CreditGrants grants, ByokService byok, ProviderKeyStore keys, KeyHealth health,
                Blocking blocking, Database db) {
        this.db = db;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.grants = grants;
        this.byok = byok;
        this.keys = keys;
        this.health = health;
        this.blocking = blocking;
    }

    void mount(Router router, Guard guard) {
        router.route("/api/v1/admin/*").handler(this::authorize);
        guard.require(router.post("/api/v1/admin/credits/grant"), Access.ADMIN).handler(this::grant);
        guard.require(router.post("/api/v1/admin/provider-keys"), Access.ADMIN).handler(this::addKey);
        guard.require(router.get("/api/v1/admin/provider-keys"), Access.ADMIN).handler(this::listKeys);
        guard.require(router.delete("/api/v1/admin/provider-keys/:id"), Access.ADMIN).handler(this::deleteKey);
    }

    private void authorize(RoutingContext ctx) {
        if (token == null) {
            ErrorMapper.send(ctx.response(), ApiError.notFound("the admin API is off: start the gateway with ANYROUTER_ADMIN_TOKEN set"));
            return;
        }
        String presented = Authenticator.presentedKey(ctx.request());
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
            ErrorMapper.send(ctx.response(), new ApiError(401, "authentication_error", "invalid_admin_token",
                    "the admin API needs 'Authorization: Bearer <operator token>'"));
            return;
        }
        ctx.next();
    }

    private void grant(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, GRANT_FIELDS);
        String email = RequestFields.optionalText(body, "email", 254);
        String accountId = RequestFields.optionalText(body, "account_id", 64);
        if ((email == null) == (accountId == null)) throw RequestFields.bad("send exactly one of 'email' or 'account_id'");
        JsonNode usd = body.get("usd");
        if (usd == null || !usd.isNumber()) throw RequestFields.bad("'usd' must be a number of dollars, e.g. 5 or 2.50");
        long micros;
        try {
            micros = CreditGrants.micros(new BigDecimal(usd.asText()));
        } catch (IllegalArgumentException e) {
            throw RequestFields.bad("'usd': " + e.getMessage());
        }
        String memo = RequestFields.optionalText(body, "memo", 200);
        String requestId = RequestFields.optionalText(body, "request_id", 100);
        blocking.run(() -> {
                    String target = accountId != null ? accountId : grants.accountIdByEmail(email).orElse(null);
                    if (target == null || target.equals(OperatorKeys.ACCOUNT_ID)) {
                        throw new ApiException(ApiError.notFound("no account " + (email != null ? "with e-mail " + email : accountId)));
                    }
                    return grants.grant(target, micros, memo, requestId);
                })
                .onSuccess(granted -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("account_id", granted.accountId());
                    v.put("granted_usd", granted.written() ? granted.amountMicros() / 1_000_000.0 : 0.0);
                    v.put("already_granted", !granted.written());
                    v.put("balance_usd", granted.balanceMicros() / 1_000_000.0);
                    JsonReplies.json(ctx, 200, v);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void addKey(RoutingContext ctx) {
        Set<String> fields = new HashSet<>(ByokService.CREATE_FIELDS);
        fields.remove("scope");
        ByokService.NewKey request = byok.parseCreate(RequestBodies.object(ctx, fields));
        blocking.run(() -> {
                    OperatorKeys.ensureAccount(db);
                    return null;
                })
                .compose(v -> byok.create(OperatorKeys.ACCOUNT_ID, request))
                .onSuccess(record -> JsonReplies.json(ctx, 201, ByokRoutes.view(record)))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void listKeys(RoutingContext ctx) {
        blocking.run(() -> keys.list(OperatorKeys.ACCOUNT_ID))
                .onSuccess(list -> JsonReplies.json(ctx, 200, Map.of("data", list.stream().map(k -> KeyViews.withHealth(k, health)).toList())))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void deleteKey(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        byok.delete(OperatorKeys.ACCOUNT_ID, id)
                .compose(deleted -> deleted ? Future.succeededFuture()
                        : Future.failedFuture(new ApiException(ApiError.notFound("no operator key with id " + id))))
                .onSuccess(v -> JsonReplies.noContent(ctx))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }
}
