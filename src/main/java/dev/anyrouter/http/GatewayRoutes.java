package dev.anyrouter.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's HTTP surface as one static function of its parts, so tests build exactly the
 * router that {@code serve} runs.
 */
public final class GatewayRoutes {
    // Every /api answer carries these two: names and values built once (see ReplyHeaders on why).
    private static final CharSequence CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("x-content-type-options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private GatewayRoutes() {}

    static Router router(Vertx vertx, GatewayParts parts) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}"));
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader(CONTENT_TYPE_OPTIONS, NOSNIFF).putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
            ctx.next();
        });
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(parts.settings().maxRequestBytes()));
        // The inference endpoints authenticate in their own pipeline (any API key), once per request.
        Guard.declare(router.post("/api/v1/chat/completions"), Access.ANY_KEY).handler(parts.chat());
        Guard.declare(router.post("/api/v1/responses"), Access.ANY_KEY).handler(parts.responses());
        // Any query string is accepted: Claude Code always calls /v1/messages?beta=true.
        Guard.declare(router.post("/api/v1/messages"), Access.ANY_KEY).handler(parts.messages());
        Guard.declare(router.post("/api/v1/messages/count_tokens"), Access.ANY_KEY).handler(parts.messages()::countTokens);
        Guard guard = parts.guard();
        guard.require(router.get("/api/v1/models"), Access.ANY_KEY).handler(parts.models());
        parts.authRoutes().mount(router, guard);
        parts.apiKeyRoutes().mount(router, guard);
        parts.poolRoutes().mount(router, guard);
        parts.byokRoutes().mount(router, guard);
        parts.creditsRoutes().mount(router, guard);
        parts.adminRoutes().mount(router, guard);
        parts.logRoutes().mount(router, guard);
        parts.presetRoutes().mount(router, guard);
        parts.analyticsRoutes().mount(router, guard);
        router.route("/api/*").handler(ctx -> ErrorMapper.send(ctx.response(),
                ApiError.notFound("no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        parts.web().mount(router);
        router.route("/api/v1/messages*").failureHandler(ctx -> failure(ctx, parts, ClientWire.ANTHROPIC));
        router.route().failureHandler(ctx -> failure(ctx, parts, ClientWire.OPENAI));
        return router;
    }

    /**
     * The {@code /api/v1} endpoints of {@code router} with who may call each, in mounting order: the
     * contract the README's API table states. A route without a declared {@link Access} is listed with
     * none, so the test that compares the two fails on it.
     */
    static List<ApiRoute> table(Router router) {
        List<ApiRoute> routes = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith("/api/v1/") || route.methods() == null || route.methods().isEmpty()) continue;
            for (HttpMethod method : route.methods()) {
                routes.add(new ApiRoute(method.name(), path, route.getMetadata(Guard.ACCESS)));
            }
        }
        return routes;
    }

    private static void failure(RoutingContext ctx, GatewayParts parts, ClientWire wire) {
        if (ctx.failure() != null) {
            wire.sendError(ctx.response(), ErrorMapper.toApiError(ctx.failure()));
            return;
        }
        ApiError error = switch (ctx.statusCode()) {
            case 413 -> ApiError.tooLarge(parts.settings().maxRequestBytes());
            case 404 -> ApiError.notFound("no such endpoint");
            case 405 -> new ApiError(405, "invalid_request_error", "method_not_allowed", "method not allowed on this endpoint");
            case 400 -> ApiError.badRequest("invalid_request", "the request could not be read");
            default -> ApiError.internal();
        };
        wire.sendError(ctx.response(), error);
    }
}
