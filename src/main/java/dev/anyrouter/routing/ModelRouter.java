package dev.anyrouter.routing;

import dev.anyrouter.providers.ModelCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model ids → {@link Plan}. Each id the request names becomes one or more route targets: a model
 * named by its id is one target on its provider's pool; an {@code anyrouter/*} virtual model is
 * every model the account's keys reach in its set that can take the request, strongest first, each
 * limited to the keys that reach it and never on credits; a preset's pin sends a model through one
 * key. The {@link RoutePlanner} then gives each target its attempts. {@link #cached} answers from
 * memory alone; {@link #plan} may read the store, so it runs off the event loop.
 */
public final class ModelRouter {
    /** The most models one request walks through: enough to ride out a provider's outage, not a scan of the catalog. */
    public static final int MAX_MODELS = 8;

    private final RoutePlanner planner;
    private final ReachableModels reachable;
    private final ModelCatalog catalog;

    public ModelRouter(RoutePlanner planner, ReachableModels reachable, ModelCatalog catalog) {
        this.planner = planner;
        this.reachable = reachable;
        this.catalog = catalog;
    }

    /** A plan from memory alone; empty when keys, settings, credentials or the account's reach need loading. */
    public Optional<Plan> cached(String accountId, String apiKeyId, RouteRequest request) {
        List<ReachableModel> reach = List.of();
        if (RouteRequest.namesVirtual(request.models())) {
            reach = reachable.cached(accountId);
            if (reach == null) return Optional.empty();
        }
        List<RouteTarget> targets = targets(request, reach);
        return planner.cached(accountId, apiKeyId, targets, tokens(request)).map(models -> plan(request, targets, models));
    }

    /** A plan, loading what is needed; blocking. */
    public Plan plan(String accountId, String apiKeyId, RouteRequest request) {
        List<ReachableModel> reach = List.of();
        if (RouteRequest.namesVirtual(request.models())) {
            reach = reachable.cached(accountId);
            if (reach == null) reach = reachable.load(accountId);
        }
        List<RouteTarget> targets = targets(request, reach);
        return plan(request, targets, planner.plan(accountId, apiKeyId, targets, tokens(request)));
    }

    /** The request's estimated tokens, which the headroom strategy weighs keys by. */
    private static long tokens(RouteRequest request) {
        return request.needs().promptTokens() + request.needs().maxOutputTokens();
    }

    /** The route targets of the request's ids, in the order they are tried (at most {@value #MAX_MODELS}). */
    List<RouteTarget> targets(RouteRequest request, List<ReachableModel> reach) {
        RouteOptions options = request.options();
        String only = request.models().getFirst();
        if (request.models().size() == 1 && options.pins().isEmpty() && VirtualModel.of(only).isEmpty()) {
            return List.of(new RouteTarget(planner.place(only), null, options.credits())); // the common case, kept cheap
        }
        Map<String, RouteTarget> out = new LinkedHashMap<>();
        for (String id : request.models()) {
            List<RouteTarget> expanded = new ArrayList<>();
            Optional<Preset.Pin> pin = options.pinOf(id);
            Optional<VirtualModel> virtual = VirtualModel.of(id);
            if (pin.isPresent()) {
                ModelRef through = planner.place(pin.get().provider() + "/" + pin.get().upstreamModel());
                expanded.add(new RouteTarget(through, java.util.Set.of(pin.get().keyId()), RouteTarget.Credits.NEVER));
            } else if (virtual.isPresent()) {
                for (ReachableModel m : virtual.get().candidates(reach, request.needs())) {
                    expanded.add(new RouteTarget(m.model(), m.keyIds(), RouteTarget.Credits.NEVER));
                }
            } else {
                expanded.add(new RouteTarget(planner.place(id), null, options.credits()));
            }
            // Stable: within one id's candidates, preferred providers first, otherwise as they came.
            expanded.sort(Comparator.comparingInt(t -> options.rankOf(t.model().provider().id())));
            for (RouteTarget t : expanded) {
                out.putIfAbsent(sameness(t), t);
            }
        }
        return out.values().stream().limit(MAX_MODELS).toList();
    }

    /**
     * Targets with equal keys are the same model (by its catalog id when known, so an alias and a
     * dated id meet): a request tries each model once, the first time it comes up.
     */
    private String sameness(RouteTarget t) {
        ModelRef m = t.model();
        return catalog.find(m.provider().id(), m.upstreamModel()).map(e -> e.id()).orElse(m.canonicalId());
    }

    private Plan plan(RouteRequest request, List<RouteTarget> targets, List<ModelPlan> models) {
        if (!models.isEmpty()) return new Plan(models);
        throw noRoute(request, targets);
    }

    /** Nothing the request named can be served on the caller's keys (or credits, where allowed): say what to add. */
    private NoRouteException noRoute(RouteRequest request, List<RouteTarget> targets) {
        List<String> ids = request.models();
        if (ids.size() == 1) {
            Optional<VirtualModel> virtual = VirtualModel.of(ids.getFirst());
            if (virtual.isPresent()) {
                return new NoRouteException(NoRouteException.Reason.NO_KEY, virtual.get().noCandidateMessage(request.needs()));
            }
            if (targets.size() == 1 && targets.getFirst().keyIds() == null) return planner.noKey(targets.getFirst());
        }
        return new NoRouteException(NoRouteException.Reason.NO_KEY, "none of the models asked for (" + String.join(", ", ids)
                + ") can be served by your keys: add a key for one of their providers at /byok (or POST /api/v1/byok)");
    }
}
