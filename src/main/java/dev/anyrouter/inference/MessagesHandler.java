package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.anthropic.MessagesRequest;
import dev.anyrouter.providers.AnthropicAdapter;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.providers.Wire;
import dev.anyrouter.providers.exchange.AnthropicPassthrough;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Plan;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/messages} (any query string, e.g. Claude Code's {@code ?beta=true}) and
 * {@code POST /api/v1/messages/count_tokens}: the Anthropic Messages wire, on the
 * {@link FailoverPipeline} (the same keys, pools, failover, credits and usage log as Chat
 * Completions). The AnyRouter key comes in {@code x-api-key} or {@code Authorization: Bearer};
 * both {@code anthropic-version}s are accepted. To an Anthropic upstream the client's JSON and
 * {@code anthropic-beta} are forwarded as they are, with only {@code model} rewritten
 * ({@link AnthropicPassthrough}); to any other upstream the {@link WireBridge} translates. Errors
 * take the Anthropic shape.
 */
final class MessagesHandler implements Handler<RoutingContext>, FailoverPipeline.Endpoint {
    private final FailoverPipeline pipeline;
    private final OpenAiRelay relay;
    private final InferencePipeline front;
    private final UpstreamClient upstream;

    MessagesHandler(FailoverPipeline pipeline, OpenAiRelay relay, InferencePipeline front, UpstreamClient upstream) {
        this.pipeline = pipeline;
        this.relay = relay;
        this.front = front;
        this.upstream = upstream;
    }

    @Override
    public void handle(RoutingContext ctx) {
        pipeline.run(ctx, this);
    }

    @Override
    public MessagesRequest parse(byte[] body) {
        return MessagesRequest.parse(body);
    }

    @Override
    public ClientWire client() {
        return ClientWire.ANTHROPIC;
    }

    @Override
    public FailoverPipeline.Step planned(RoutingContext ctx, ChatExchange exchange, Plan plan) {
        MessagesRequest request = (MessagesRequest) exchange.request;
        HttpServerRequest in = ctx.request();
        AnthropicPassthrough same = new AnthropicPassthrough(
                AnthropicAdapter.versionFor(in.getHeader("anthropic-version"), request.setsSampling()), in.getHeader("anthropic-beta"));
        // Decoded once, up front, so a request the bridge cannot carry is refused before any upstream call.
        boolean translates = plan.models().stream().anyMatch(m -> m.model().provider().wire() != Wire.ANTHROPIC);
        WireBridge.Translation other = translates ? WireBridge.Translation.of(ClientWire.ANTHROPIC, request) : null;
        return attempt -> WireBridge.translates(ClientWire.ANTHROPIC, attempt)
                ? pipeline.translated(ctx, exchange, attempt, other)
                : relay.exchange(ctx, exchange, attempt, same);
    }

    /** {@code count_tokens}: free, so not logged as a request; offered where the upstream offers it. */
    void countTokens(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        front.caller(ctx)
                .compose(caller -> {
                    MessagesRequest body = MessagesRequest.parse(InferencePipeline.body(ctx));
                    return front.plan(caller, body.model()).compose(plan -> {
                        Attempt attempt = plan.first();
                        if (attempt.model().provider().wire() != Wire.ANTHROPIC) {
                            return Future.failedFuture(new ApiException(ApiError.badRequest("unsupported_endpoint",
                                    "count_tokens is offered for Anthropic models only; "
                                            + attempt.model().provider().name() + " has no equivalent")));
                        }
                        String version = AnthropicAdapter.versionFor(request.getHeader("anthropic-version"), body.setsSampling());
                        return upstream.send(AnthropicAdapter.countTokens(attempt.target(),
                                body.forUpstream(attempt.model().upstreamModel()), version, request.getHeader("anthropic-beta")))
                                .compose(response -> response.body().compose(b -> {
                                    if (response.statusCode() / 100 != 2) {
                                        ClientWire.ANTHROPIC.sendError(ctx.response(),
                                                UpstreamFailures.toApiError(attempt, response.statusCode(), b.getBytes()));
                                        return Future.succeededFuture();
                                    }
                                    return ctx.response().putHeader("content-type", "application/json").end(b);
                                }));
                    });
                })
                .onFailure(failure -> ClientWire.ANTHROPIC.sendError(ctx.response(),
                        RouteErrors.toApiError(failure)));
    }
}
