package dev.anyrouter.inference;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.routing.Router;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.RequestIds;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * The inference endpoints as {@code http} mounts them: Chat Completions, Responses, Anthropic
 * Messages and its count_tokens, each one run through the same pipeline of named steps.
 */
public final class InferenceApi {
    /** What the pipeline is built on; the composition root ({@code app}) wires it. */
    public record Parts(Authentication auth, Router router, Presets presets, Failover failover, KeyHealth health,
                        UpstreamClient upstream, Ledger ledger, PriceBook prices, UsageWriter usage, Blocking blocking,
                        Duration firstByteTimeout, Clock clock) {}

    private final ChatCompletionsHandler chat;
    private final ResponsesHandler responses;
    private final MessagesHandler messages;

    public InferenceApi(Parts p) {
        RequestRouting routing = new RequestRouting(p.router(), p.presets(), p.blocking());
        ChatBilling billing = new ChatBilling(p.ledger(), p.prices(), p.blocking());
        OpenAiRelay relay = new OpenAiRelay(p.upstream(), p.health(), billing, p.firstByteTimeout(), p.clock());
        WireBridge bridge = new WireBridge(p.upstream(), p.usage(), p.clock());
        InferencePipeline front = new InferencePipeline(p.auth(), routing);
        FailoverPipeline pipeline = new FailoverPipeline(front, p.failover(), p.health(), relay, bridge, billing, p.usage(),
                RequestIds.on(p.clock()), p.clock());
        this.chat = new ChatCompletionsHandler(pipeline, relay);
        this.responses = new ResponsesHandler(pipeline, relay);
        this.messages = new MessagesHandler(pipeline, relay, front, p.upstream());
    }

    /** {@code POST /api/v1/chat/completions}. */
    public void chatCompletions(RoutingContext ctx) {
        chat.handle(ctx);
    }

    /** {@code POST /api/v1/responses}. */
    public void responses(RoutingContext ctx) {
        responses.handle(ctx);
    }

    /** {@code POST /api/v1/messages}. */
    public void messages(RoutingContext ctx) {
        messages.handle(ctx);
    }

    /** {@code POST /api/v1/messages/count_tokens}. */
    public void countTokens(RoutingContext ctx) {
        messages.countTokens(ctx);
    }
}
