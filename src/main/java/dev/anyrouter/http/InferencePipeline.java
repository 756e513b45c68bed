package dev.anyrouter.http;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.routing.RoutePlanner;
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
    private final RoutePlanner planner;
    private final Blocking blocking;
    private final UsageWriter usage;
    private final Clock clock;

    InferencePipeline(Authenticator auth, RoutePlanner planner, Blocking blocking, UsageWriter usage, Clock clock) {
        this.auth = auth;
        this.planner = planner;
        this.blocking = blocking;
        this.usage = usage;
        this.clock = clock;
    }

    void run(RoutingContext ctx, ClientWire wire, Function<byte[], ClientRequest> parser, Forward forward) {
        HttpServerRequest request = ctx.request();
        ChatExchange exchange = new ChatExchange(clock.instant(), System.nanoTime(),
                request.getHeader("http-referer"), request.getHeader("x-title"), usage::record);
        // One attempt, no failover walk: the record is written as soon as the request ends.
        exchange.walkEnded();
        auth.apiKey(request)
                .compose(caller -> {
                    exchange.caller = caller;
                    exchange.request = parser.apply(body(ctx));
                    return plan(caller, exchange.request.model());
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

    /** From memory when it can, off the event loop when keys or credentials must be loaded. */
    Future<Plan> plan(Caller caller, String model) {
        ModelRef ref = planner.place(model);
        return planner.cached(caller.accountId(), caller.apiKeyId(), ref)
                .map(Future::succeededFuture)
                .orElseGet(() -> blocking.run(() -> planner.plan(caller.accountId(), caller.apiKeyId(), ref)));
    }

    static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) throw new MalformedJsonException("the request body is empty");
        return body.getBytes();
    }
}
