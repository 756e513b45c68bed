package dev.anyrouter.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

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
        parts.bodies().mount(router);
        router.post("/api/v1/chat/completions").handler(parts.chat());
        router.post("/api/v1/responses").handler(parts.responses());
        // Any query string is accepted: Claude Code always calls /v1/messages?beta=true.
        router.post("/api/v1/messages").handler(parts.messages());
        router.post("/api/v1/messages/count_tokens").handler(parts.messages()::countTokens);
        router.get("/api/v1/models").handler(parts.models());
        parts.authRoutes().mount(router);
        parts.apiKeyRoutes().mount(router);
        parts.poolRoutes().mount(router);
        parts.byokRoutes().mount(router);
        parts.creditsRoutes().mount(router);
        parts.adminRoutes().mount(router);
        parts.logRoutes().mount(router);
        parts.presetRoutes().mount(router);
        parts.analyticsRoutes().mount(router);
        router.route("/api/*").handler(ctx -> ErrorMapper.send(ctx.response(),
                ApiError.notFound("no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        parts.web().mount(router);
        router.route("/api/v1/messages*").failureHandler(ctx -> failure(ctx, parts, ClientWire.ANTHROPIC));
        router.route().failureHandler(ctx -> failure(ctx, parts, ClientWire.OPENAI));
        return router;
    }

    private static void failure(RoutingContext ctx, GatewayParts parts, ClientWire wire) {
        long limit = parts.bodies().limitFor(ctx.request().path());
        // A refusal before (or while) the body was read: what remains of it is dropped, not held.
        parts.bodies().discardRest(ctx.request());
        if (ctx.failure() != null) {
            wire.sendError(ctx.response(), ErrorMapper.toApiError(ctx.failure()));
            return;
        }
        ApiError error = switch (ctx.statusCode()) {
            case 413 -> ApiError.tooLarge(limit);
            case 404 -> ApiError.notFound("no such endpoint");
            case 405 -> new ApiError(405, "invalid_request_error", "method_not_allowed", "method not allowed on this endpoint");
            case 400 -> ApiError.badRequest("invalid_request", "the request could not be read");
            default -> ApiError.internal();
        };
        wire.sendError(ctx.response(), error);
    }
}
