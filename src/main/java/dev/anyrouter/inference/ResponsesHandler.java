package dev.anyrouter.inference;

import dev.anyrouter.protocol.openai.HostedTools;
import dev.anyrouter.protocol.openai.ResponsesCodec;
import dev.anyrouter.protocol.openai.ResponsesRequest;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.providers.exchange.RelayedWire;
import dev.anyrouter.routing.Plan;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/responses}: OpenAI's Responses API, what Codex and the newer OpenAI SDKs
 * speak, on the {@link FailoverPipeline} (the same keys, pools, failover, credits and usage log as
 * Chat Completions). To a provider that serves Responses itself (catalog {@code responses: true},
 * OpenAI) the client's JSON goes with only {@code model} rewritten, so {@code store},
 * {@code previous_response_id}, {@code include}, hosted tools and every other field travel as
 * sent. Any other provider (Chat-only OpenAI-compatible ones, Anthropic, Gemini) is reached through
 * the neutral model: {@link ResponsesCodec} decodes the request once the plan names the provider,
 * refusing with a 400 what cannot be carried (a hosted tool, unless its type is listed in
 * {@value #OPTIONAL_TOOLS_HEADER}; {@code previous_response_id}, since no such provider keeps
 * responses), and writes the answer back as a Response object or its event stream.
 */
final class ResponsesHandler implements Handler<RoutingContext>, FailoverPipeline.Endpoint {
    /** Hosted tool types the client accepts losing on a provider that cannot run them, comma-separated. */
    static final String OPTIONAL_TOOLS_HEADER = "x-anyrouter-optional-tools";

    private final FailoverPipeline pipeline;
    private final OpenAiRelay relay;

    ResponsesHandler(FailoverPipeline pipeline, OpenAiRelay relay) {
        this.pipeline = pipeline;
        this.relay = relay;
    }

    @Override
    public void handle(RoutingContext ctx) {
        pipeline.run(ctx, this);
    }

    @Override
    public ResponsesRequest parse(byte[] body) {
        return ResponsesRequest.parse(body);
    }

    @Override
    public FailoverPipeline.Step planned(RoutingContext ctx, ChatExchange exchange, Plan plan) {
        // A plan may hold several models (a virtual model, a list, a preset): decide per attempt,
        // but build the translation once, up front, so a refusal comes before any upstream call.
        boolean translates = plan.models().stream().anyMatch(m -> !m.model().provider().responses());
        WireBridge.Translation client = translates ? translation(ctx, exchange) : null;
        return attempt -> attempt.model().provider().responses()
                ? relay.exchange(ctx, exchange, attempt, RelayedWire.RESPONSES)
                : pipeline.translated(ctx, exchange, attempt, client);
    }

    private static WireBridge.Translation translation(RoutingContext ctx, ChatExchange exchange) {
        ResponsesCodec codec = ResponsesCodec.forRequest(exchange.request.tree(),
                HostedTools.optionalTypes(ctx.request().getHeader(OPTIONAL_TOOLS_HEADER)));
        return new WireBridge.Translation(codec.decodeRequest(exchange.request.tree()), codec, ClientWire.OPENAI, "resp_");
    }
}
