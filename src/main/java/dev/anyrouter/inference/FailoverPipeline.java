package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.CreditsEstimate;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.ClientSide;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.providers.exchange.CostNote;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.providers.exchange.Reply;
import dev.anyrouter.providers.exchange.ReplyHeaders;
import dev.anyrouter.providers.exchange.UpstreamExchange;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Billing;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.ModelPlan;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.usage.RequestIds;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The pipeline of the inference endpoints (Chat Completions, Responses, Anthropic Messages), as
 * named steps: authenticate, parse, plan, serve from the caller's own keys (a failover walk over
 * the pool), else fall through to credits when the pool allows it, else explain why nothing could
 * serve, in the client's wire. However the request ends, {@link ChatExchange#finished} writes its one usage record and
 * any credit held for it is settled or released once. What differs per endpoint is its
 * {@link ClientEndpoint}: how its body parses, its error shape, how it is translated.
 */
final class FailoverPipeline {
    private final InferencePipeline front;
    private final Failover failover;
    private final KeyHealth health;
    private final UpstreamExchange upstream;
    private final ChatBilling billing;
    private final UsageWriter usage;
    private final RequestIds ids;
    private final Clock clock;

    FailoverPipeline(InferencePipeline front, Failover failover, KeyHealth health, UpstreamExchange upstream,
                     ChatBilling billing, UsageWriter usage, RequestIds ids, Clock clock) {
        this.front = front;
        this.failover = failover;
        this.health = health;
        this.upstream = upstream;
        this.billing = billing;
        this.usage = usage;
        this.ids = ids;
        this.clock = clock;
    }

    void run(RoutingContext ctx, ClientEndpoint endpoint) {
        var request = ctx.request();
        ChatExchange exchange = new ChatExchange(ids.next(), clock.instant(), System.nanoTime(),
                request.getHeader("http-referer"), ChatExchange.appTitle(request), usage::record);
        front.caller(ctx)
                .compose(caller -> {
                    exchange.caller = caller;
                    exchange.request = front.parse(endpoint, InferencePipeline.body(ctx));
                    return front.plan(exchange, endpoint.wire(), body -> front.parse(endpoint, body));
                })
                .compose(plan -> serve(ctx, exchange, plan, client(ctx, endpoint, exchange, plan)))
                .onComplete(done -> {
                    exchange.walkEnded();
                    if (done.failed()) fail(ctx, endpoint.wire(), exchange, done.cause());
                });
    }

    /**
     * The client's side of every attempt. A plan may hold several models (a virtual model, a list, a
     * preset): when any of them must be translated, the request is decoded once, up front, so a
     * request that cannot be carried is refused before any upstream call.
     */
    private ClientSide client(RoutingContext ctx, ClientEndpoint endpoint, ChatExchange exchange, Plan plan) {
        boolean translates = plan.models().stream().anyMatch(m -> !upstream.passesThrough(endpoint, m.model().provider()));
        Function<String, String> header = ctx.request()::getHeader;
        return new ClientSide(endpoint, exchange.request, header, translates ? endpoint.translation(exchange.request, header) : null);
    }

    /** The caller's own keys first, model by model; what happens when none serves is {@link #fallThrough}'s. */
    private Future<Void> serve(RoutingContext ctx, ChatExchange exchange, Plan plan, ClientSide client) {
        Failover.Exchange once = attempt -> {
            if (ctx.response().closed()) return Future.failedFuture(new ClientGoneException());
            exchange.attempt = attempt;
            exchange.costs = new CostNote(attempt.billing() == Billing.BYOK, used -> billing.costMicros(attempt, used));
            return upstream.attempt(attempt.target(), attempt.model().upstreamModel(), client,
                    new Reply(ctx.response(), exchange.id, attempt.billing().wireName(), exchange.costs));
        };
        return failover.walkAll(plan.byok(), exchange.log, once)
                .compose(walk -> switch (walk) {
                    case Failover.Walk.Exhausted end -> fallThrough(ctx, client, exchange, plan, end, once);
                    default -> ended(ctx, client, exchange, walk);
                });
    }

    /** A walk that ended on an attempt: the answer served, or the upstream's refusal of the request told to the client. */
    private Future<Void> ended(RoutingContext ctx, ClientSide client, ChatExchange exchange, Failover.Walk walk) {
        switch (walk) {
            case Failover.Walk.Served served -> {
                Outcome.Served outcome = served.outcome();
                exchange.firstByteNanos = outcome.timings().firstContentNanos();
                finish(exchange, outcome.status(), outcome.errorCode(), outcome.usage());
            }
            case Failover.Walk.Refused refused -> {
                Attempt attempt = refused.attempt();
                ApiError error = UpstreamErrors.toApiError(attempt.model().provider(), attempt.shownAlias(),
                        attempt.target().credential(), refused.answer().status(), refused.answer().body());
                ReplyHeaders.stamp(ctx.response(), exchange.id, attempt.billing().wireName());
                finish(exchange, error.status(), error.code(), Usage.NONE);
                client.endpoint().wire().sendError(ctx.response(), error);
            }
            case Failover.Walk.Exhausted end -> throw new IllegalStateException("an exhausted walk served nothing");
        }
        return Future.succeededFuture();
    }

    /** Records the request's usage and settles (served) or releases (not served) any credit held for it. */
    private void finish(ChatExchange exchange, int status, String errorCode, Usage used) {
        exchange.costMicros = exchange.costs == null ? 0 : exchange.costs.costMicros(used);
        if (status / 100 == 2 || status == 499) billing.settle(exchange, exchange.costMicros);
        else billing.release(exchange);
        exchange.finished(status, errorCode, used);
    }

    /**
     * No key of the caller served: credits, for the models that allow it (never a virtual
     * model's) and whose price the balance covers; else the state of every model's pool.
     */
    private Future<Void> fallThrough(RoutingContext ctx, ClientSide client, ChatExchange exchange, Plan plan,
                                     Failover.Walk.Exhausted byokEnd, Failover.Exchange once) {
        List<ModelPlan> allowed = plan.models().stream().filter(ModelPlan::creditsAllowed).toList();
        if (allowed.isEmpty()) {
            return Future.failedFuture(PlanErrors.allDown(plan, exchange.routedAs, health, byokEnd, clock.instant()));
        }
        List<ModelPlan> capable = allowed.stream().filter(m -> !m.credits().isEmpty()).toList();
        if (capable.isEmpty()) {
            ModelRef model = allowed.getFirst().model();
            return Future.failedFuture(new ApiException(new ApiError(503, "upstream_error", "credits_unavailable",
                    "none of your " + model.provider().id() + " keys can serve now and AnyRouter has no " + model.provider().name()
                            + " capacity for credits at the moment: add a key at /byok or try again later")));
        }
        List<ModelPlan> priced = capable.stream().filter(m -> billing.price(m.model()).isPresent()).toList();
        if (priced.isEmpty()) {
            ModelRef model = capable.getFirst().model();
            return Future.failedFuture(new ApiException(new ApiError(402, "insufficient_quota", "no_price",
                    "credits cannot pay for " + model.canonicalId() + ": it has no list price; use your own key for it")));
        }
        Long maxOutput = maxOutputTokens(exchange.request);
        long bytes = ctx.body().length();
        // One hold for the request: the dearest model's, so whichever of them serves is covered.
        ModelPlan dearest = priced.stream().max(Comparator.comparingLong(
                m -> CreditsEstimate.holdMicros(billing.price(m.model()).orElseThrow(), bytes, maxOutput))).orElseThrow();
        ModelRef model = dearest.model();
        List<List<Attempt>> credits = priced.stream().map(ModelPlan::credits).toList();
        return billing.hold(exchange, model, billing.price(model).orElseThrow(), bytes, maxOutput)
                .compose(held -> failover.walkAll(credits, exchange.log, once))
                .compose(walk -> switch (walk) {
                    case Failover.Walk.Exhausted end -> Future.<Void>failedFuture(new ApiException(new ApiError(503, "upstream_error",
                            "credits_unavailable", "neither your " + model.provider().id() + " keys nor AnyRouter's credits capacity"
                            + " could serve the request" + (end.last() == null ? "" : " (last: " + end.last().failure().summary() + ")")
                            + "; try again shortly")));
                    default -> ended(ctx, client, exchange, walk);
                });
    }

    /** The output limit the client set, in whichever field its wire names it, for the credit hold. */
    private static Long maxOutputTokens(ClientRequest request) {
        JsonNode root = request.tree();
        for (String field : new String[] {"max_completion_tokens", "max_tokens", "max_output_tokens"}) {
            if (root.path(field).canConvertToLong()) return root.path(field).asLong();
        }
        return null;
    }

    private void fail(RoutingContext ctx, ClientWire client, ChatExchange exchange, Throwable failure) {
        billing.release(exchange);
        ApiError error;
        if (failure instanceof ClientGoneException) {
            error = new ApiError(499, "invalid_request_error", "client_closed", "the client went away");
        } else if (failure instanceof PoolUnavailableException down) {
            error = down.error();
            if (down.retryAfterSeconds() != null && !ctx.response().headWritten()) ctx.response().putHeader("retry-after", Long.toString(down.retryAfterSeconds()));
        } else {
            error = RouteErrors.toApiError(failure);
        }
        exchange.finished(error.status(), error.code(), Usage.NONE);
        if (exchange.caller != null && !ctx.response().headWritten()) ctx.response().putHeader("x-anyrouter-request-id", exchange.id);
        client.sendError(ctx.response(), error);
    }

    /** The client closed its connection before any attempt answered it. */
    private static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super(null, null, false, false);
        }
    }
}
