package dev.anyrouter.inference;

import dev.anyrouter.accounts.Caller;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelIdLimits;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.routing.Plan;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The front steps of every inference endpoint, whatever wire its client speaks: authenticate and
 * plan. The {@link FailoverPipeline} runs them, then walks the plan's keys; count_tokens uses them
 * alone.
 */
final class InferencePipeline {
    private final Authentication auth;
    private final RequestRouting routing;
    private final ModelIdLimits modelIds;

    InferencePipeline(Authentication auth, RequestRouting routing, ModelIdLimits modelIds) {
        this.auth = auth;
        this.routing = routing;
        this.modelIds = modelIds;
    }

    /** Authentication alone, for endpoints that are not logged as requests (count_tokens). */
    Future<Caller> caller(RoutingContext ctx) {
        return auth.caller(ctx);
    }

    /** The client's request read as {@code endpoint} reads it, its model ids held to their limits. */
    ClientRequest parse(ClientEndpoint endpoint, byte[] body) {
        return endpoint.parse(body, modelIds);
    }

    /** One model id's plan: from memory when it can, off the event loop when keys or credentials must be loaded. */
    Future<Plan> plan(Caller caller, String model) {
        return routing.plan(caller, model);
    }

    /** The request's plan: its model or model list, a virtual model or a preset. */
    Future<Plan> plan(ChatExchange exchange, ClientWire wire, Function<byte[], ClientRequest> parser) {
        return routing.plan(exchange, wire, parser);
    }

    static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) throw new MalformedJsonException("the request body is empty");
        return body.getBytes();
    }
}
