package dev.anyrouter.http;

import dev.anyrouter.accounts.Caller;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import io.vertx.core.Future;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Declares who may call a route and makes sure of it before the route's own handler runs: a route
 * mounted through {@link #require} is refused (401, or 403 {@code management_scope_required} for an
 * inference key on a management route) before anything of the request is read or changed, and its
 * handler finds the {@link Caller} with {@link #caller}. The declared {@link Access} is kept in the
 * route's metadata, which is how the route table is listed ({@link HttpApi#routes}).
 */
final class Guard {
    /** The route metadata key under which a route's {@link Access} is kept. */
    static final String ACCESS = "anyrouter.access";
    private static final String CALLER = "anyrouter.caller";

    private final Authenticator auth;

    Guard(Authenticator auth) {
        this.auth = auth;
    }

    /** Declares {@code access} for {@code route} and authenticates every request to it accordingly. */
    Route require(Route route, Access access) {
        declare(route, access);
        return switch (access) {
            case ANYONE, ADMIN -> route; // ADMIN: AdminRoutes checks the operator token for all of /api/v1/admin
            case ANY_KEY -> route.handler(ctx -> admit(ctx, auth.apiKey(ctx.request())));
            case ANY_KEY_OR_SESSION -> route.handler(ctx -> admit(ctx, auth.apiKeyOrSession(ctx.request())));
            case MANAGEMENT -> route.handler(ctx -> admit(ctx, auth.apiKeyOrSession(ctx.request()).compose(Guard::mayManage)));
        };
    }

    /**
     * Declares {@code access} for a route authenticated before its body is read ({@link BodyGate}):
     * the inference endpoints, where any API key is welcome and one authentication per request is
     * all the path affords; their pipeline finds the caller with {@link #caller}.
     */
    static Route declare(Route route, Access access) {
        return route.putMetadata(ACCESS, access);
    }

    /** The caller the guard admitted to this request. */
    static Future<Caller> caller(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        return caller != null ? Future.succeededFuture(caller)
                : Future.failedFuture(new IllegalStateException("route " + ctx.request().path() + " was mounted without a guard"));
    }

    /** Keeps the caller a gate admitted for the route's handler ({@link BodyGate} for the inference endpoints). */
    static void admitted(RoutingContext ctx, Caller caller) {
        ctx.put(CALLER, caller);
    }

    private static void admit(RoutingContext ctx, Future<Caller> authenticated) {
        authenticated.onSuccess(caller -> {
            admitted(ctx, caller);
            ctx.next();
        }).onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static Future<Caller> mayManage(Caller caller) {
        return caller.canManage() ? Future.succeededFuture(caller) : Future.failedFuture(new ApiException(ApiError.forbidden(
                "management_scope_required", "this is an inference key: it can call models (chat/completions, messages, "
                        + "responses, models) and read its own info (GET /api/v1/key), not manage the account; use a management "
                        + "key (POST /api/v1/keys with {\"management\": true}) or the dashboard")));
    }
}
