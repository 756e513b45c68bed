package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.Caller;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelIdLimits;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.routing.ModelRouter;
import dev.anyrouter.routing.NoRouteException;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.routing.Preset;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.routing.RequestNeeds;
import dev.anyrouter.routing.RouteOptions;
import dev.anyrouter.routing.RouteRequest;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plan step every inference endpoint shares: a {@code @preset/<name>} model is applied to the
 * request first (system prompt, default parameters, its model list and routing options); then the
 * models to try ({@code model}, {@code models: [...]}, or the preset's list) become a {@link Plan}.
 * From memory when it can, off the event loop when a preset, keys or credentials must be loaded.
 */
final class RequestRouting {
    private final ModelRouter router;
    private final Presets presets;
    private final Blocking blocking;
    private final ModelIdLimits modelIds;

    RequestRouting(ModelRouter router, Presets presets, Blocking blocking, ModelIdLimits modelIds) {
        this.router = router;
        this.presets = presets;
        this.blocking = blocking;
        this.modelIds = modelIds;
    }

    /** The client's request read as {@code endpoint} reads it, its model ids held to their limits. */
    ClientRequest parse(ClientEndpoint endpoint, byte[] body) {
        return endpoint.parse(body, modelIds);
    }

    /** A request planned: as a preset left it, what the client named when the router chose among models (else null), and the plan. */
    record Routed(ClientRequest request, String routedAs, Plan plan) {}

    /** Plans the request; a preset rewrites it in the client's wire first. */
    Future<Routed> plan(InferenceRequest asked) {
        ClientRequest sent = asked.request();
        String named = sent.model();
        Optional<String> presetName = Preset.nameIn(named);
        Caller caller = asked.caller();
        Future<Optional<Preset>> presetOf = presetName.isEmpty() ? Future.succeededFuture(Optional.empty())
                : preset(caller, presetName.get()).map(Optional::of);
        return presetOf.compose(preset -> {
            ClientRequest request = preset.isEmpty() ? sent : parse(asked.endpoint(), Json.bytes(
                    PresetDefaults.apply(sent.tree(), preset.get(), asked.endpoint().wire())));
            RouteRequest route = preset.isEmpty() ? routeOf(request, RouteOptions.DEFAULT, models(request))
                    : routeOf(request, preset.get().options(), preset.get().models());
            String routedAs = presetName.isPresent() || route.models().size() > 1 || RouteRequest.namesVirtual(route.models())
                    ? named : null;
            return router.cached(caller.accountId(), caller.apiKeyId(), route)
                    .map(Future::succeededFuture)
                    .orElseGet(() -> blocking.run(() -> router.plan(caller.accountId(), caller.apiKeyId(), route)))
                    .map(plan -> new Routed(request, routedAs, plan));
        });
    }

    /** A plain plan for one model id (count_tokens), with no preset, list or exchange. */
    Future<Plan> plan(Caller caller, String model) {
        RouteRequest request = RouteRequest.of(model);
        return router.cached(caller.accountId(), caller.apiKeyId(), request)
                .map(Future::succeededFuture)
                .orElseGet(() -> blocking.run(() -> router.plan(caller.accountId(), caller.apiKeyId(), request)));
    }

    private Future<Preset> preset(Caller caller, String name) {
        // Checked before any look-up, so no cache or query ever sees a name no preset can have.
        if (!Preset.validName(name)) {
            return Future.failedFuture(new NoRouteException(NoRouteException.Reason.UNKNOWN_MODEL, "'" + Preset.PREFIX
                    + "…' names no preset: a preset name is 1 to 64 lower-case letters, digits, '.', '_' or '-'; list yours with GET /api/v1/presets"));
        }
        Optional<Preset> cached = presets.cached(caller.accountId(), name);
        Future<Optional<Preset>> found = cached != null ? Future.succeededFuture(cached)
                : blocking.run(() -> presets.load(caller.accountId(), name));
        return found.map(p -> p.orElseThrow(() -> new NoRouteException(NoRouteException.Reason.UNKNOWN_MODEL,
                "you have no preset named '" + name + "': create it with POST /api/v1/presets, or list yours with GET /api/v1/presets")));
    }

    private static List<String> models(ClientRequest request) {
        return request instanceof ChatRequest chat ? chat.models() : List.of(request.model());
    }

    private static RouteRequest routeOf(ClientRequest request, RouteOptions options, List<String> models) {
        // Only virtual models choose by what the request needs, so only they pay for reading it.
        // Others are sized cheaply (body bytes, output asked for), which headroom routing weighs keys by.
        RequestNeeds needs = RouteRequest.namesVirtual(models) ? NeedsEstimate.of(request.tree())
                : new RequestNeeds(request.estimatedTokens(), 0, false, false);
        return new RouteRequest(models, needs, options);
    }
}
