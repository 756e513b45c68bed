package dev.anyrouter.http;

import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.anthropic.AnthropicReplies;
import dev.anyrouter.protocol.anthropic.MessagesRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.AnthropicAdapter;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.providers.Wire;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /api/v1/messages} (any query string, e.g. Claude Code's {@code ?beta=true}) and
 * {@code POST /api/v1/messages/count_tokens}: the Anthropic Messages wire. The AnyRouter key comes
 * in {@code x-api-key} or {@code Authorization: Bearer}; both {@code anthropic-version}s are
 * accepted. To an Anthropic upstream the client's JSON and {@code anthropic-beta} are forwarded as
 * they are, with only {@code model} rewritten; to any other upstream the {@link WireBridge}
 * translates. Errors take the Anthropic shape.
 */
final class MessagesHandler implements Handler<RoutingContext> {
    private final InferencePipeline pipeline;
    private final UpstreamClient upstream;
    private final WireBridge bridge;
    private final UsageWriter usage;

    MessagesHandler(InferencePipeline pipeline, UpstreamClient upstream, WireBridge bridge, UsageWriter usage) {
        this.pipeline = pipeline;
        this.upstream = upstream;
        this.bridge = bridge;
        this.usage = usage;
    }

    @Override
    public void handle(RoutingContext ctx) {
        pipeline.run(ctx, ClientWire.ANTHROPIC, MessagesRequest::parse, (c, exchange, plan) -> forward(c, exchange, plan.first()));
    }

    /** {@code count_tokens}: free, so not logged as a request; offered where the upstream offers it. */
    void countTokens(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        pipeline.caller(ctx)
                .compose(caller -> {
                    MessagesRequest body = MessagesRequest.parse(InferencePipeline.body(ctx));
                    return pipeline.plan(caller, body.model()).compose(plan -> {
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
                        ErrorMapper.toApiError(RouteErrors.translate(failure))));
    }

    private Future<Void> forward(RoutingContext ctx, ChatExchange exchange, Attempt attempt) {
        exchange.attempt = attempt;
        if (WireBridge.translates(ClientWire.ANTHROPIC, attempt)) {
            return bridge.forward(ctx, exchange, attempt, ClientWire.ANTHROPIC,
                    response -> UpstreamFailures.relay(ctx, exchange, response, usage, ClientWire.ANTHROPIC));
        }
        MessagesRequest request = (MessagesRequest) exchange.request;
        HttpServerRequest in = ctx.request();
        String version = AnthropicAdapter.versionFor(in.getHeader("anthropic-version"), request.setsSampling());
        byte[] body = request.forUpstream(attempt.model().upstreamModel());
        return upstream.send(AnthropicAdapter.messages(attempt.target(), body, request.stream(), version,
                in.getHeader("anthropic-beta"))).compose(response -> {
            exchange.markFirstByte();
            if (response.statusCode() / 100 != 2) {
                return UpstreamFailures.relay(ctx, exchange, response, usage, ClientWire.ANTHROPIC);
            }
            return request.stream() ? relayStream(ctx, exchange, response) : relayJson(ctx, exchange, response);
        });
    }

    private Future<Void> relayJson(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response) {
        return response.body().compose(body -> {
            Usage reported = null;
            try {
                reported = AnthropicReplies.usage(Json.parse(body.getBytes()).get("usage"));
            } catch (MalformedJsonException ignored) {
                // Relayed as the upstream sent it; only the usage is unknown.
            }
            HttpServerResponse out = ctx.response();
            ReplyHeaders.apply(response, out, exchange, List.of());
            String contentType = response.getHeader("content-type");
            out.putHeader("content-type", contentType == null ? "application/json" : contentType);
            exchange.finished(response.statusCode(), null, reported == null ? Usage.NONE : reported);
            return out.setStatusCode(response.statusCode()).end(body);
        });
    }

    private Future<Void> relayStream(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response) {
        HttpServerResponse out = ctx.response();
        ReplyHeaders.apply(response, out, exchange, List.of());
        out.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache");
        StreamRelay.relay(response, out, new AnthropicPassthroughEvents(),
                outcome -> exchange.finished(outcome.status(), outcome.errorCode(), outcome.usage()));
        return Future.succeededFuture();
    }
}
