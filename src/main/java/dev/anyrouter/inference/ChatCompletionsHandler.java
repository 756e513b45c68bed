package dev.anyrouter.inference;

import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.providers.exchange.RelayedWire;
import dev.anyrouter.routing.Plan;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/chat/completions}, on the {@link FailoverPipeline}. Same wire in and out:
 * the client's JSON is forwarded with only {@code model} rewritten, and a stream is relayed event
 * by event as it arrives; to an upstream of another wire the {@link WireBridge} translates.
 */
final class ChatCompletionsHandler implements Handler<RoutingContext>, FailoverPipeline.Endpoint {
    private final FailoverPipeline pipeline;
    private final OpenAiRelay relay;

    ChatCompletionsHandler(FailoverPipeline pipeline, OpenAiRelay relay) {
        this.pipeline = pipeline;
        this.relay = relay;
    }

    @Override
    public void handle(RoutingContext ctx) {
        pipeline.run(ctx, this);
    }

    @Override
    public ChatRequest parse(byte[] body) {
        return ChatRequest.parse(body);
    }

    @Override
    public FailoverPipeline.Step planned(RoutingContext ctx, ChatExchange exchange, Plan plan) {
        return attempt -> WireBridge.translates(ClientWire.OPENAI, attempt)
                ? pipeline.translated(ctx, exchange, attempt, WireBridge.Translation.of(ClientWire.OPENAI, exchange.request))
                : relay.exchange(ctx, exchange, attempt, RelayedWire.CHAT);
    }
}
