package dev.anyrouter.http;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Function;

/**
 * The front of every inference endpoint, whatever wire its client speaks: authenticate, parse the
 * body in that wire, plan, then the endpoint's forward step; any failure is answered in the
 * client's error shape and logged once. The {@link FailoverPipeline} of the OpenAI-wire endpoints
 * uses its authentication and planning steps and walks the plan's keys instead of taking the first.
 */
final class InferencePipeline {
    /** The endpoint's step that serves a planned request. */
    interface Forward {
        Future<Void> forward(RoutingContext ctx, ChatExchange exchange, Plan plan);
    }

    private final Authenticator auth;
    private final RequestRouting routing;
    private final UsageWriter usage;
    private final Clock clock;

    InferencePipeline(Authenticator auth, RequestRouting routing, UsageWriter usage, Clock clock) {
        this.auth = auth;
        this.routing = routing;
        this.usage = usage;
        this.clock = clock;
    }

    void run(RoutingContext ctx, ClientWire wire, Function<byte[], ClientRequest> parser, Forward forward) {
        HttpServerRequest request = ctx.request();
        ChatExchange exchange = new ChatExchange(clock.instant(), System.nanoTime(),
                request.getHeader("http-referer"), ChatExchange.appTitle(request), usage::record);
        // One attempt, no failover walk: the record is written as soon as the request ends.
        exchange.walkEnded();
        auth.apiKey(request)
                .compose(caller -> {
                    exchange.caller = caller;
                    exchange.request = parser.apply(body(ctx));
                    return routing.plan(exchange, wire, parser);
                })
                .compose(plan -> forward.forward(ctx, exchange, plan))
                .onFailure(failure -> {
                    ApiError error = ErrorMapper.toApiError(RouteErrors.translate(failure));
                    if (exchange.caller != null) exchange.finished(error.status(), error.code(), Usage.NONE);
                    wire.sendError(ctx.response(), error);
                });
    }

    /** Authentication alone, for endpoints that are not logged as requests (count_tokens). */
    Future<Caller> caller(RoutingContext ctx) {
        return auth.apiKey(ctx.request());
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
