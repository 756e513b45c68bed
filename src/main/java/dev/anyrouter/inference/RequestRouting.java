package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.Caller;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.routing.NoRouteException;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.routing.Preset;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.routing.RequestNeeds;
import dev.anyrouter.routing.RouteOptions;
import dev.anyrouter.routing.RouteRequest;
import dev.anyrouter.routing.Router;
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
    private final Router router;
    private final Presets presets;
    private final Blocking blocking;

    RequestRouting(Router router, Presets presets, Blocking blocking) {
        this.router = router;
        this.presets = presets;
        this.blocking = blocking;
    }

    /** Plans the exchange's request; a preset rewrites {@code exchange.request} in the client's wire first. */
    Future<Plan> plan(ChatExchange exchange, ClientWire wire, Function<byte[], ClientRequest> parser) {
        String named = exchange.request.model();
        Optional<String> presetName = Preset.nameIn(named);
        Future<RouteRequest> route = presetName.isEmpty()
                ? Future.succeededFuture(routeOf(exchange.request, RouteOptions.DEFAULT, models(exchange.request)))
                : preset(exchange.caller, presetName.get()).map(preset -> {
                    ObjectNode applied = PresetDefaults.apply(exchange.request.tree(), preset, wire);
                    exchange.request = parser.apply(Json.bytes(applied));
                    return routeOf(exchange.request, preset.options(), preset.models());
                });
        return route.compose(request -> {
            if (presetName.isPresent() || request.models().size() > 1 || RouteRequest.namesVirtual(request.models())) {
                exchange.routedAs = named;
            }
            Caller caller = exchange.caller;
            return router.cached(caller.accountId(), caller.apiKeyId(), request)
                    .map(Future::succeededFuture)
                    .orElseGet(() -> blocking.run(() -> router.plan(caller.accountId(), caller.apiKeyId(), request)));
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
        RequestNeeds needs = RouteRequest.namesVirtual(models) ? NeedsEstimate.of(request.tree()) : RequestNeeds.ANY;
        return new RouteRequest(models, needs, options);
    }
}
