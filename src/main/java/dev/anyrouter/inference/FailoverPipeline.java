package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.CreditsEstimate;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.routing.Attempt;
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

/**
 * The pipeline of the inference endpoints (Chat Completions, Responses, Anthropic Messages), as
 * named steps: authenticate, parse, plan, serve from the caller's own keys (a failover walk over
 * the pool), else fall through to credits when the pool allows it, else explain why nothing could
 * serve, in the client's wire. However the request ends, {@link ChatExchange#finished} writes its one usage record and
 * any credit held for it is settled or released once. What differs per endpoint is its
 * {@link Endpoint}: how its body parses and how one attempt on one key goes.
 */
final class FailoverPipeline {
    /** An endpoint's own steps. */
    interface Endpoint {
        ClientRequest parse(byte[] body);

        /** The wire the endpoint's client speaks: its presets' shape and its error shape. */
        default ClientWire client() {
            return ClientWire.OPENAI;
        }

        /**
         * How this request is tried on one key, decided once the plan is known (every attempt of a
         * plan is for the same model and provider). Throwing refuses the request before any upstream
         * call, so nothing is billed.
         */
        Step planned(RoutingContext ctx, ChatExchange exchange, Plan plan);
    }

    /** One attempt of a planned request: completes once its answer reached the client or it is known none will. */
    @FunctionalInterface
    interface Step {
        Future<Failover.Result> attempt(Attempt attempt);
    }

    private final InferencePipeline front;
    private final Failover failover;
    private final KeyHealth health;
    private final OpenAiRelay relay;
    private final WireBridge bridge;
    private final ChatBilling billing;
    private final UsageWriter usage;
    private final RequestIds ids;
    private final Clock clock;

    FailoverPipeline(InferencePipeline front, Failover failover, KeyHealth health, OpenAiRelay relay, WireBridge bridge,
                     ChatBilling billing, UsageWriter usage, RequestIds ids, Clock clock) {
        this.front = front;
        this.failover = failover;
        this.health = health;
        this.relay = relay;
        this.bridge = bridge;
        this.billing = billing;
        this.usage = usage;
        this.ids = ids;
        this.clock = clock;
    }

    void run(RoutingContext ctx, Endpoint endpoint) {
        var request = ctx.request();
        ChatExchange exchange = new ChatExchange(ids.next(), clock.instant(), System.nanoTime(),
                request.getHeader("http-referer"), ChatExchange.appTitle(request), usage::record);
        front.caller(ctx)
                .compose(caller -> {
                    exchange.caller = caller;
                    exchange.request = endpoint.parse(InferencePipeline.body(ctx));
                    return front.plan(exchange, endpoint.client(), endpoint::parse);
                })
                .compose(plan -> serve(ctx, exchange, plan, endpoint.planned(ctx, exchange, plan)))
                .onComplete(done -> {
                    exchange.walkEnded();
                    if (done.failed()) fail(ctx, endpoint.client(), exchange, done.cause());
                });
    }

    /** The caller's own keys first, model by model; what happens when none serves is {@link #fallThrough}'s. */
    private Future<Void> serve(RoutingContext ctx, ChatExchange exchange, Plan plan, Step step) {
        Failover.Exchange once = attempt -> {
            if (ctx.response().closed()) return Future.failedFuture(new ClientGoneException());
            exchange.attempt = attempt;
            return step.attempt(attempt);
        };
        return failover.walkAll(plan.byok(), exchange.log, once)
                .compose(walk -> switch (walk) {
                    case Failover.Walk.Served served -> Future.<Void>succeededFuture();
                    case Failover.Walk.Exhausted end -> fallThrough(ctx, exchange, plan, end, once);
                });
    }

    /**
     * No key of the caller served: credits, for the models that allow it (never a virtual
     * model's) and whose price the balance covers; else the state of every model's pool.
     */
    private Future<Void> fallThrough(RoutingContext ctx, ChatExchange exchange, Plan plan, Failover.Walk.Exhausted byokEnd,
                                     Failover.Exchange once) {
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
                    case Failover.Walk.Served served -> Future.<Void>succeededFuture();
                    case Failover.Walk.Exhausted end -> Future.failedFuture(new ApiException(new ApiError(503, "upstream_error",
                            "credits_unavailable", "neither your " + model.provider().id() + " keys nor AnyRouter's credits capacity"
                            + " could serve the request" + (end.last() == null ? "" : " (last: " + end.last().failure().summary() + ")")
                            + "; try again shortly")));
                });
    }

    /**
     * An attempt on another wire: the bridge translates both ways. An upstream error answered
     * before anything reached the client is classified as for same-wire attempts, so a bad or
     * busy key still fails over to the next one.
     */
    Future<Failover.Result> translated(RoutingContext ctx, ChatExchange exchange, Attempt attempt, WireBridge.Translation client) {
        Promise<Failover.Result> result = Promise.promise();
        exchange.onFinish(() -> {
            Usage used = exchange.endUsage();
            exchange.costMicros = billing.costMicros(attempt, used);
            if (exchange.endStatus() / 100 == 2 || exchange.endStatus() == 499) billing.settle(exchange, exchange.costMicros);
            else billing.release(exchange);
        });
        bridge.forward(ctx, exchange, attempt, client,
                        response -> relay.relayError(ctx, exchange, attempt, response, client.errors()).map(outcome -> {
                            result.tryComplete(outcome);
                            return (Void) null;
                        }))
                .onComplete(done -> {
                    if (done.failed()) result.tryFail(done.cause());
                    else result.tryComplete(new Failover.Result.Delivered(exchange.endStatus() == 0 || exchange.endStatus() / 100 == 2));
                });
        return result.future();
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
