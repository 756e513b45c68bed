package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.anthropic.MessagesRequest;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.providers.exchange.UpstreamExchange;
import dev.anyrouter.routing.Attempt;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/messages/count_tokens}: free, so not logged as a request; offered where the
 * upstream offers it (Anthropic), on the first key the plan names.
 */
final class TokenCount {
    private final Authentication auth;
    private final RequestRouting routing;
    private final UpstreamExchange upstream;

    TokenCount(Authentication auth, RequestRouting routing, UpstreamExchange upstream) {
        this.auth = auth;
        this.routing = routing;
        this.upstream = upstream;
    }

    void handle(RoutingContext ctx) {
        auth.caller(ctx)
                .compose(caller -> {
                    MessagesRequest body = (MessagesRequest) routing.parse(ClientEndpoint.MESSAGES, InferencePipeline.body(ctx));
                    return routing.plan(caller, body.model()).compose(plan -> {
                        Attempt attempt = plan.first();
                        return upstream.countTokens(attempt.target(), attempt.model().upstreamModel(), body, ctx.request()::getHeader)
                                .orElseGet(() -> Future.failedFuture(new ApiException(ApiError.badRequest("unsupported_endpoint",
                                        "count_tokens is offered for Anthropic models only; "
                                                + attempt.model().provider().name() + " has no equivalent"))))
                                .compose(counted -> {
                                    if (counted.status() / 100 != 2) {
                                        ClientWire.ANTHROPIC.sendError(ctx.response(), UpstreamErrors.toApiError(
                                                attempt.model().provider(), attempt.shownAlias(), attempt.target().credential(),
                                                counted.status(), counted.body().getBytes()));
                                        return Future.succeededFuture();
                                    }
                                    return ctx.response().putHeader("content-type", "application/json").end(counted.body());
                                });
                    });
                })
                .onFailure(failure -> ClientWire.ANTHROPIC.sendError(ctx.response(), RouteErrors.toApiError(failure)));
    }
}
