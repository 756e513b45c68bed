package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.billing.CreditsEstimate;
import dev.anyrouter.routing.ModelPlan;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /api/v1/chat/completions}, as one pipeline of named steps: authenticate, parse,
 * plan (a preset applied, then one model or several: a virtual model's candidates, a
 * {@code models} list), serve from the caller's own keys (a failover walk over each model's pool
 * in turn), else fall through to credits where allowed, else explain why nothing could serve. Same wire in and out:
 * the client's JSON is forwarded with only {@code model} rewritten, and a stream is relayed event
 * by event as it arrives.
 */
final class ChatCompletionsHandler implements Handler<RoutingContext> {
    private final Authenticator auth;
    private final RequestRouting routing;
    private final Failover failover;
    private final KeyHealth health;
    private final OpenAiRelay relay;
    private final WireBridge bridge;
    private final ChatBilling billing;
    private final UsageWriter usage;
    private final Clock clock;

    ChatCompletionsHandler(Authenticator auth, RequestRouting routing, Failover failover, KeyHealth health, OpenAiRelay relay,
                           WireBridge bridge, ChatBilling billing, UsageWriter usage, Clock clock) {
        this.auth = auth;
        this.routing = routing;
        this.failover = failover;
        this.health = health;
        this.relay = relay;
        this.bridge = bridge;
        this.billing = billing;
        this.usage = usage;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var request = ctx.request();
        ChatExchange exchange = new ChatExchange(clock.instant(), System.nanoTime(),
                request.getHeader("http-referer"), ChatExchange.appTitle(request), usage::record);
        auth.apiKey(request)
                .compose(caller -> {
                    exchange.caller = caller;
                    exchange.request = parse(ctx);
                    return routing.plan(exchange, ClientWire.OPENAI, ChatRequest::parse);
                })
                .compose(plan -> serve(ctx, exchange, plan))
                .onComplete(done -> {
                    exchange.walkEnded();
                    if (done.failed()) fail(ctx, exchange, done.cause());
                });
    }

    private static ChatRequest parse(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) throw new MalformedJsonException("the request body is empty");
        return ChatRequest.parse(body.getBytes());
    }

    /** The caller's own keys first, model by model; what happens when none serves is {@link #fallThrough}'s. */
    private Future<Void> serve(RoutingContext ctx, ChatExchange exchange, Plan plan) {
        return failover.walkAll(plan.byok(), exchange.log, attempt -> exchangeOnce(ctx, exchange, attempt))
                .compose(walk -> switch (walk) {
                    case Failover.Walk.Served served -> Future.<Void>succeededFuture();
                    case Failover.Walk.Exhausted end -> fallThrough(ctx, exchange, plan, end);
                });
    }

    /**
     * No key of the caller served: credits, for the models that allow it (never a virtual
     * model's) and whose price the balance covers; else the state of every model's pool.
     */
    private Future<Void> fallThrough(RoutingContext ctx, ChatExchange exchange, Plan plan, Failover.Walk.Exhausted byokEnd) {
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
        Long maxOutput = maxOutputTokens(ctx);
        long bytes = ctx.body().length();
        // One hold for the request: the dearest model's, so whichever of them serves is covered.
        ModelPlan dearest = priced.stream().max(java.util.Comparator.comparingLong(
                m -> CreditsEstimate.holdMicros(billing.price(m.model()).orElseThrow(), bytes, maxOutput))).orElseThrow();
        ModelRef model = dearest.model();
        List<List<Attempt>> credits = priced.stream().map(ModelPlan::credits).toList();
        return billing.hold(exchange, model, billing.price(model).orElseThrow(), bytes, maxOutput)
                .compose(held -> failover.walkAll(credits, exchange.log, attempt -> exchangeOnce(ctx, exchange, attempt)))
                .compose(walk -> switch (walk) {
                    case Failover.Walk.Served served -> Future.<Void>succeededFuture();
                    case Failover.Walk.Exhausted end -> Future.failedFuture(new ApiException(new ApiError(503, "upstream_error",
                            "credits_unavailable", "neither your " + model.provider().id() + " keys nor AnyRouter's credits capacity"
                            + " could serve the request" + (end.last() == null ? "" : " (last: " + end.last().failure().summary() + ")")
                            + "; try again shortly")));
                });
    }

    /**
     * The per-attempt upstream exchange: one call on one key, completing once the answer reached
     * the client or it is known that none will. Each upstream wire family has its relay here.
     */
    private Future<Failover.Result> exchangeOnce(RoutingContext ctx, ChatExchange exchange, Attempt attempt) {
        if (ctx.response().closed()) return Future.failedFuture(new ClientGoneException());
        exchange.attempt = attempt;
        if (WireBridge.translates(ClientWire.OPENAI, attempt)) return translated(ctx, exchange, attempt);
        return relay.exchange(ctx, exchange, attempt);
    }

    /**
     * An attempt on another wire: the bridge translates both ways. An upstream error answered
     * before anything reached the client is classified as for same-wire attempts, so a bad or
     * busy key still fails over to the next one.
     */
    private Future<Failover.Result> translated(RoutingContext ctx, ChatExchange exchange, Attempt attempt) {
        Promise<Failover.Result> result = Promise.promise();
        exchange.onFinish(() -> {
            Usage used = exchange.endUsage();
            exchange.costMicros = billing.costMicros(attempt, used);
            if (exchange.endStatus() / 100 == 2 || exchange.endStatus() == 499) billing.settle(exchange, exchange.costMicros);
            else billing.release(exchange);
        });
        bridge.forward(ctx, exchange, attempt, ClientWire.OPENAI,
                        response -> relay.relayError(ctx, exchange, attempt, response).map(outcome -> {
                            result.tryComplete(outcome);
                            return (Void) null;
                        }))
                .onComplete(done -> {
                    if (done.failed()) result.tryFail(done.cause());
                    else result.tryComplete(new Failover.Result.Delivered(exchange.endStatus() == 0 || exchange.endStatus() / 100 == 2));
                });
        return result.future();
    }

    private static Long maxOutputTokens(RoutingContext ctx) {
        try {
            JsonNode root = Json.parse(ctx.body().buffer().getBytes());
            for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
                if (root.path(field).canConvertToLong()) return root.path(field).asLong();
            }
        } catch (MalformedJsonException ignored) {
            // parsed once already; cannot happen
        }
        return null;
    }

    private void fail(RoutingContext ctx, ChatExchange exchange, Throwable failure) {
        billing.release(exchange);
        ApiError error;
        if (failure instanceof ClientGoneException) {
            error = new ApiError(499, "invalid_request_error", "client_closed", "the client went away");
        } else if (failure instanceof PoolUnavailableException down) {
            error = down.error();
            if (down.retryAfterSeconds() != null && !ctx.response().headWritten()) ctx.response().putHeader("retry-after", Long.toString(down.retryAfterSeconds()));
        } else {
            error = ErrorMapper.toApiError(RouteErrors.translate(failure));
        }
        exchange.finished(error.status(), error.code(), Usage.NONE);
        if (exchange.caller != null && !ctx.response().headWritten()) ctx.response().putHeader("x-anyrouter-request-id", exchange.id);
        ErrorMapper.send(ctx.response(), error);
    }

    static String errorType(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "upstream_error" : "invalid_request_error";
        };
    }

    /** The client closed its connection before any attempt answered it. */
    private static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super(null, null, false, false);
        }
    }
}
