package dev.anyrouter.inference;

import dev.anyrouter.accounts.Caller;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.ReplyHeaders;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.usage.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * The one pipeline of the inference endpoints (Chat Completions, Responses, Anthropic Messages),
 * as named steps: {@link #authenticate}, {@link #parse}, {@link #plan}, {@link #walk} and
 * {@link #settle}. Each step takes the request as the steps before it left it (an
 * {@link InferenceRequest}) and gives the next a new value; a step that fails ends the request
 * with the client told why, in its wire. Whatever happened, the request reaches {@link Settle}
 * exactly once, as one {@link Ended}: that is what makes "billed once" the shape of the code.
 */
final class InferencePipeline {
    private final Authentication auth;
    private final RequestRouting routing;
    private final AttemptWalk walk;
    private final Settle settle;
    private final RequestIds ids;
    private final Clock clock;

    InferencePipeline(Authentication auth, RequestRouting routing, AttemptWalk walk, Settle settle, RequestIds ids, Clock clock) {
        this.auth = auth;
        this.routing = routing;
        this.walk = walk;
        this.settle = settle;
        this.ids = ids;
        this.clock = clock;
    }

    /** Serves one request of {@code endpoint}. */
    void run(RoutingContext ctx, ClientEndpoint endpoint) {
        InferenceRequest arrived = InferenceRequest.arrived(ids.next(), clock.instant(), ctx.request(), endpoint);
        authenticate(ctx, arrived)
                .compose(caller -> {
                    InferenceRequest known = arrived.authenticated(caller);
                    InferenceRequest parsed;
                    try {
                        parsed = parse(ctx, known);
                    } catch (RuntimeException unreadable) {
                        return Future.succeededFuture(unserved(known, unreadable));
                    }
                    return plan(parsed).compose(routed -> walk(ctx, parsed.routed(routed.request(), routed.routedAs()), routed.plan()))
                            .recover(failure -> Future.succeededFuture(unserved(parsed, failure)));
                })
                .recover(failure -> Future.succeededFuture(unserved(arrived, failure)))
                .onSuccess(ended -> {
                    answerUnserved(ctx.response(), ended);
                    settle(ended);
                });
    }

    /** Who is calling; a request without a valid key ends here, unlogged (there is no account to log it to). */
    Future<Caller> authenticate(RoutingContext ctx, InferenceRequest request) {
        return auth.caller(ctx);
    }

    /** The client's request, read; a body that cannot be read fails the request with a 400. */
    InferenceRequest parse(RoutingContext ctx, InferenceRequest request) {
        return request.parsed(routing.parse(request.endpoint(), body(ctx)));
    }

    /** The models to try and the keys for each: a preset applied, a virtual model chosen, a model list. */
    Future<RequestRouting.Routed> plan(InferenceRequest request) {
        return routing.plan(request);
    }

    /** The attempts, on the caller's keys then on credits, until one answers the client. */
    Future<Ended> walk(RoutingContext ctx, InferenceRequest request, Plan plan) {
        return walk.walk(request, plan, ctx.request()::getHeader, ctx.response());
    }

    /** Prices, settles or releases, and logs the request: once. */
    void settle(Ended ended) {
        settle.settle(ended);
    }

    /** A request that failed before the walk (authentication, parsing, planning). */
    private static Ended unserved(InferenceRequest request, Throwable failure) {
        return new Ended(request, AttemptWalk.failed(failure), null, List.of(), null);
    }

    /**
     * Tells the client why nothing was served, in its wire's shape, when nothing was sent yet (an
     * answer that began can only be ended): the request's id once it has an account, a wait that
     * helps, and for an upstream's refusal who would have paid.
     */
    private static void answerUnserved(HttpServerResponse out, Ended ended) {
        InferenceRequest request = ended.request();
        ApiError error = switch (ended.ending()) {
            case Ended.Served served -> null;
            case Ended.Refused refused -> {
                if (!out.headWritten()) ReplyHeaders.stamp(out, request.id(), ended.last().billing().wireName());
                yield refused.error();
            }
            case Ended.Failed failed -> {
                if (!out.headWritten()) {
                    if (failed.retryAfterSeconds() != null) out.putHeader("retry-after", Long.toString(failed.retryAfterSeconds()));
                    if (request.caller() != null) out.putHeader(ReplyHeaders.REQUEST_ID, request.id());
                }
                yield failed.error();
            }
        };
        if (error != null) request.endpoint().wire().sendError(out, error);
    }

    /** The request body; an empty one is a malformed request. */
    static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) throw new MalformedJsonException("the request body is empty");
        return body.getBytes();
    }
}
