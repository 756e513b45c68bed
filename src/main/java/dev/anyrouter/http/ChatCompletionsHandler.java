package dev.anyrouter.http;

import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.protocol.ModelIdLimits;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/chat/completions}, on the {@link FailoverPipeline}. Same wire in and out:
 * the client's JSON is forwarded with only {@code model} rewritten, and a stream is relayed event
 * by event as it arrives; to an upstream of another wire the {@link WireBridge} translates.
 */
final class ChatCompletionsHandler implements Handler<RoutingContext>, FailoverPipeline.Endpoint {
    private final ModelIdLimits limits;
    private final FailoverPipeline pipeline;
    private final OpenAiRelay relay;

    ChatCompletionsHandler(FailoverPipeline pipeline, OpenAiRelay relay, ModelIdLimits limits) {
        this.limits = limits;
        this.pipeline = pipeline;
        this.relay = relay;
    }

    @Override
    public void handle(RoutingContext ctx) {
        pipeline.run(ctx, this);
    }

    @Override
    public ChatRequest parse(byte[] body) {
        return ChatRequest.parse(body, limits);
    }

    @Override
    public FailoverPipeline.Step planned(RoutingContext ctx, ChatExchange exchange, Plan plan) {
        return attempt -> WireBridge.translates(ClientWire.OPENAI, attempt)
                ? pipeline.translated(ctx, exchange, attempt, WireBridge.Translation.of(ClientWire.OPENAI, exchange.request))
                : relay.exchange(ctx, exchange, attempt, RelayedWire.CHAT);
    }
}
