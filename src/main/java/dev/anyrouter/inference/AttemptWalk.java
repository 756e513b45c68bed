package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.CreditsBudget;
import dev.anyrouter.billing.CreditsRules;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.ClientSide;
import dev.anyrouter.providers.exchange.CostNote;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.providers.exchange.Reply;
import dev.anyrouter.providers.exchange.ReplyHeaders;
import dev.anyrouter.providers.exchange.AttemptExchange;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.AttemptLog;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.ModelPlan;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.Plan;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The walk step: the plan's attempts on the caller's own keys first, model by model (a failover
 * walk that {@link Failover} judges), else a fall-through to credits for the models that allow it
 * and whose price the balance covers, else the answer that says why nothing could serve. However
 * the walk goes, it ends in an {@link Ended}, never a failure: the credit it held, the attempts it
 * made and what the client is to be told go to {@link Settle} as one value.
 */
final class AttemptWalk {
    private final Failover failover;
    private final KeyHealth health;
    private final AttemptExchange upstream;
    private final Credits credits;
    private final CreditsRules creditsRules;
    private final Settle settle;
    private final Clock clock;

    AttemptWalk(Failover failover, KeyHealth health, AttemptExchange upstream, Credits credits, CreditsRules creditsRules,
                Settle settle, Clock clock) {
        this.failover = failover;
        this.health = health;
        this.upstream = upstream;
        this.credits = credits;
        this.creditsRules = creditsRules;
        this.settle = settle;
        this.clock = clock;
    }

    /**
     * One request's walk, kept by this class alone on the request's event loop: what it works with,
     * and what it has learnt so far (the last attempt made and its cost note, the credit held, and
     * the client's side as credits changed it: its output limited to what the hold pays for).
     */
    private static final class Walking {
        final InferenceRequest request;
        final Plan plan;
        ClientSide client;
        final HttpServerResponse out;
        final AttemptLog log;
        Attempt last;
        CostNote costs;
        Ended.Hold hold;

        Walking(InferenceRequest request, Plan plan, ClientSide client, HttpServerResponse out) {
            this.request = request;
            this.plan = plan;
            this.client = client;
            this.out = out;
            this.log = new AttemptLog(request.id(), request.request().estimatedTokens());
        }

        Ended ended(Ended.Ending ending) {
            return new Ended(request, ending, last, log.entries(), hold);
        }
    }

    /**
     * Walks {@code plan} for {@code request}, its answer going to {@code out}.
     *
     * @param header the client's request header by lower-case name
     */
    Future<Ended> walk(InferenceRequest request, Plan plan, Function<String, String> header, HttpServerResponse out) {
        Walking walking;
        try {
            walking = new Walking(request, plan, client(request.request(), request.endpoint(), plan, header), out);
        } catch (RuntimeException refused) { // a request the translation cannot carry: refused before any upstream call
            return Future.succeededFuture(new Ended(request, failed(refused), null, List.of(), null));
        }
        return failover.walkAll(plan.byok(), walking.log, attempt -> attempt(walking, attempt))
                .compose(walk -> switch (walk) {
                    case Failover.Walk.Exhausted end -> fallThrough(walking, end);
                    default -> Future.succeededFuture(ended(walking, walk));
                })
                .recover(failure -> Future.succeededFuture(walking.ended(failed(failure))));
    }

    /**
     * The client's side of every attempt. A plan may hold several models (a virtual model, a list, a
     * preset): when any of them must be translated, the request is decoded once, up front, so a
     * request that cannot be carried is refused before any upstream call.
     */
    private ClientSide client(ClientRequest request, ClientEndpoint endpoint, Plan plan, Function<String, String> header) {
        boolean translates = plan.models().stream().anyMatch(m -> !upstream.passesThrough(endpoint, m.model().provider(), m.model().upstreamModel()));
        return new ClientSide(endpoint, request, header, translates ? endpoint.translation(request, header) : null);
    }

    private Future<Outcome> attempt(Walking walking, Attempt attempt) {
        if (walking.out.closed()) return Future.failedFuture(new ClientGoneException());
        walking.last = attempt;
        walking.costs = settle.costNote(attempt, walking.client.request());
        Reply reply = new Reply(walking.out, walking.request.id(), attempt.billing().wireName(), walking.costs);
        try {
            return upstream.attempt(attempt.target(), attempt.model().upstreamModel(), walking.client, reply);
        } catch (RuntimeException uncarried) { // a field this upstream's wire cannot carry: refused before anything is sent
            return Future.failedFuture(uncarried);
        }
    }

    /** A walk that ended on an attempt: its answer served, or the upstream's refusal of the request. */
    private static Ended ended(Walking walking, Failover.Walk walk) {
        return switch (walk) {
            // The walk ends on the attempt that served, so the last cost note made is its.
            case Failover.Walk.Served served -> walking.ended(new Ended.Served(served.outcome(), walking.costs));
            case Failover.Walk.Refused refused -> {
                Attempt attempt = refused.attempt();
                yield walking.ended(new Ended.Refused(UpstreamErrors.toApiError(attempt.model().provider(), attempt.shownAlias(),
                        attempt.target().credential(), refused.answer().status(), refused.answer().body())));
            }
            case Failover.Walk.Exhausted end -> throw new IllegalStateException("an exhausted walk served nothing");
        };
    }

    /**
     * No key of the caller served: credits, for the models that allow it (never a virtual
     * model's) and whose price the balance covers; else the state of every model's pool.
     */
    private Future<Ended> fallThrough(Walking walking, Failover.Walk.Exhausted byokEnd) {
        Plan plan = walking.plan;
        List<ModelPlan> allowed = plan.models().stream().filter(ModelPlan::creditsAllowed).toList();
        if (allowed.isEmpty()) {
            return Future.failedFuture(PlanErrors.allDown(plan, walking.request.routedAs(), health, byokEnd, clock.instant()));
        }
        List<ModelPlan> capable = allowed.stream().filter(m -> !m.credits().isEmpty()).toList();
        if (capable.isEmpty()) {
            ModelRef model = allowed.getFirst().model();
            return Future.failedFuture(new ApiException(new ApiError(503, "upstream_error", "credits_unavailable",
                    "none of your " + model.provider().id() + " keys can serve now and AnyRouter has no " + model.provider().name()
                            + " capacity for credits at the moment: add a key at /byok or try again later")));
        }
        List<ModelPlan> priced = capable.stream().filter(m -> settle.price(m.model()).isPresent()).toList();
        if (priced.isEmpty()) {
            ModelRef model = capable.getFirst().model();
            return Future.failedFuture(new ApiException(new ApiError(402, "insufficient_quota", "no_price",
                    "credits cannot pay for " + model.canonicalId() + ": it has no list price; use your own key for it")));
        }
        InferenceRequest request = walking.request;
        Optional<ApiException> refused = refusal(request, walking.client, priced);
        if (refused.isPresent()) return Future.failedFuture(refused.get());
        // One reservation for the request: the dearest model's worst case, so whichever of them serves is covered.
        List<CreditsBudget.Ask> asks = priced.stream()
                .map(m -> credits.ask(request.endpoint(), request.request(), m.model(), settle.price(m.model()).orElseThrow())).toList();
        int dearest = 0;
        for (int i = 1; i < asks.size(); i++) if (credits.mostMicros(asks.get(i)) > credits.mostMicros(asks.get(dearest))) dearest = i;
        ModelRef model = priced.get(dearest).model();
        CreditsBudget.Ask ask = asks.get(dearest);
        List<List<Attempt>> attempts = priced.stream().map(ModelPlan::credits).toList();
        return credits.reserve(request.caller().accountId(), request.id(), model, ask)
                .compose(reserved -> {
                    walking.hold = reserved.hold();
                    limitOutput(walking, reserved.outputLimit());
                    keepNothingUpstream(walking, model);
                    return failover.walkAll(attempts, walking.log, attempt -> attempt(walking, attempt));
                })
                .compose(walk -> switch (walk) {
                    case Failover.Walk.Exhausted end -> Future.<Ended>failedFuture(new ApiException(new ApiError(503, "upstream_error",
                            "credits_unavailable", "neither your " + model.provider().id() + " keys nor AnyRouter's credits capacity"
                            + " could serve the request" + (end.last() == null ? "" : " (last: " + end.last().failure().summary() + ")")
                            + "; try again shortly")));
                    default -> Future.succeededFuture(ended(walking, walk));
                });
    }

    /** What the client is told when nothing served. */
    static Ended.Failed failed(Throwable failure) {
        if (failure instanceof ClientGoneException) {
            return new Ended.Failed(new ApiError(499, "invalid_request_error", "client_closed", "the client went away"), null);
        }
        if (failure instanceof PoolUnavailableException down) return new Ended.Failed(down.error(), down.retryAfterSeconds());
        return new Ended.Failed(RouteErrors.toApiError(failure), null);
    }

    /**
     * The first field the request may not carry on credits, for any model credits may serve it
     * with, as the 400 that names it (in OpenAI's {@code param}).
     */
    private Optional<ApiException> refusal(InferenceRequest request, ClientSide client, List<ModelPlan> models) {
        CreditsRules.Api api = api(request.endpoint());
        String betas = client.header().apply("anthropic-beta");
        List<String> named = betas == null ? List.of() : Arrays.asList(betas.split(","));
        var tree = request.request().tree();
        for (ModelPlan m : models) {
            Optional<CreditsRules.Refusal> refusal = creditsRules.refusal(api, m.model().canonicalId(), tree, named);
            if (refusal.isPresent()) {
                return Optional.of(new ApiException(new ApiError(400, "invalid_request_error", "not_available_on_credits",
                        refusal.get().message(), refusal.get().param())));
            }
        }
        return Optional.empty();
    }

    private static CreditsRules.Api api(ClientEndpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> CreditsRules.Api.CHAT_COMPLETIONS;
            case RESPONSES -> CreditsRules.Api.RESPONSES;
            case MESSAGES -> CreditsRules.Api.MESSAGES;
        };
    }

    /**
     * Sets what credits set on a request that left it out ({@link CreditsRules#defaults}: Responses'
     * {@code store}, the calls of an Anthropic search tool), for the model the hold was taken for.
     */
    private void keepNothingUpstream(Walking walking, ModelRef model) {
        ClientRequest asked = walking.client.request();
        Map<String, JsonNode> defaults = creditsRules.defaults(api(walking.request.endpoint()), model.canonicalId(), asked.tree());
        if (defaults.isEmpty()) return;
        walking.client = client(asked.withMembers(defaults), walking.request.endpoint(), walking.plan, walking.client.header());
    }

    /**
     * Gives the upstream the output limit the hold pays for, in the wire's own field, when the
     * client set none or a larger one, and tells the client so in {@link ReplyHeaders#MAX_TOKENS}.
     */
    private void limitOutput(Walking walking, long covered) {
        ClientRequest asked = walking.client.request();
        Long limit = asked.outputLimit();
        if (limit != null && limit > 0 && limit <= covered) return;
        walking.client = client(asked.withOutputLimit(covered), walking.request.endpoint(), walking.plan, walking.client.header());
        if (!walking.out.headWritten()) walking.out.putHeader(ReplyHeaders.MAX_TOKENS, Long.toString(covered));
    }

    /** The client closed its connection before any attempt answered it. */
    private static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super(null, null, false, false);
        }
    }
}
