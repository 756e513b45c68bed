package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.KeyModelStore;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.PinTarget;
import dev.anyrouter.routing.Preset;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.routing.ProviderKeyRecord;
import dev.anyrouter.routing.ProviderKeyStore;
import dev.anyrouter.routing.RoutePlanner;
import dev.anyrouter.routing.VirtualModel;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/presets}: an account's presets, created ({@code POST}), listed, read, replaced
 * whole ({@code PUT /{name}}) and deleted. Every model a preset names must be one AnyRouter can
 * place (or an {@code anyrouter/*} id); a pin must name one of the account's keys, and its
 * upstream id is worked out when the preset is saved, so requests do no lookups for it.
 */
final class PresetRoutes {
    private static final Set<String> FIELDS = Set.of("name", "model", "models", "provider_order", "fallback_to_credits",
            "system_prompt", "parameters", "pins");
    private static final Set<String> RESERVED_PARAMETERS = Set.of("model", "models", "messages", "stream");
    private static final int MAX_MODELS = 16;

    private final Presets presets;
    private final RoutePlanner planner;
    private final ProviderCatalog providers;
    private final ModelCatalog catalog;
    private final ProviderKeyStore keys;
    private final KeyModelStore keyModels;
    private final Authenticator auth;
    private final Blocking blocking;

    PresetRoutes(Presets presets, RoutePlanner planner, ProviderCatalog providers, ModelCatalog catalog, ProviderKeyStore keys,
                 KeyModelStore keyModels, Authenticator auth, Blocking blocking) {
        this.presets = presets;
        this.planner = planner;
        this.providers = providers;
        this.catalog = catalog;
        this.keys = keys;
        this.keyModels = keyModels;
        this.auth = auth;
        this.blocking = blocking;
    }

    void mount(Router router) {
        router.post("/api/v1/presets").handler(this::create);
        router.get("/api/v1/presets").handler(this::list);
        router.get("/api/v1/presets/:name").handler(this::get);
        router.put("/api/v1/presets/:name").handler(this::replace);
        router.delete("/api/v1/presets/:name").handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, FIELDS);
        String name = RequestBodies.requiredText(body, "name", 64);
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> {
                    if (presets.load(caller.accountId(), name).isPresent()) {
                        throw new ApiException(ApiError.conflict("preset_exists", "you already have a preset named '" + name
                                + "': change it with PUT /api/v1/presets/" + name));
                    }
                    return view(presets.put(draft(caller.accountId(), name, body)));
                }))
                .onSuccess(view -> Responses.json(ctx, 201, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void replace(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, FIELDS);
        String name = ctx.pathParam("name");
        String named = RequestBodies.optionalText(body, "name", 64);
        if (named != null && !named.equals(name)) throw RequestBodies.bad("'name' must be the name in the path, '" + name + "'");
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> view(presets.put(draft(caller.accountId(), name, body)))))
                .onSuccess(view -> Responses.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void list(RoutingContext ctx) {
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> presets.list(caller.accountId()).stream().map(PresetRoutes::view).toList()))
                .onSuccess(all -> Responses.json(ctx, 200, Map.of("data", all)))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void get(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> presets.load(caller.accountId(), name)
                        .map(PresetRoutes::view).orElseThrow(() -> notFound(name))))
                .onSuccess(view -> Responses.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void delete(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        auth.apiKeyOrSession(ctx.request())
                .compose(caller -> blocking.run(() -> {
                    if (!presets.delete(caller.accountId(), name)) throw notFound(name);
                    return null;
                }))
                .onSuccess(v -> Responses.noContent(ctx))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private static ApiException notFound(String name) {
        return new ApiException(ApiError.notFound("you have no preset named '" + name + "'"));
    }

    /** The preset a body describes, checked field by field; blocking (pins read the account's keys). */
    private Preset draft(String accountId, String name, ObjectNode body) {
        if (!Preset.validName(name)) {
            throw RequestBodies.bad("'name' must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        List<String> models = models(body);
        List<String> order = texts(body, "provider_order", 32);
        for (String provider : order) {
            if (providers.find(provider).isEmpty()) throw RequestBodies.bad("'provider_order': unknown provider '" + provider + "'");
        }
        JsonNode credits = body.get("fallback_to_credits");
        if (credits != null && !credits.isNull() && !credits.isBoolean()) {
            throw RequestBodies.bad("'fallback_to_credits' must be true, false or null (as each provider's pool is set)");
        }
        JsonNode parameters = body.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) throw RequestBodies.bad("'parameters' must be an object");
        if (parameters instanceof ObjectNode p) {
            for (String reserved : RESERVED_PARAMETERS) {
                if (p.has(reserved)) throw RequestBodies.bad("'parameters' may not set '" + reserved + "'");
            }
        }
        return new Preset("new", accountId, name, models, order,
                credits == null || credits.isNull() ? null : credits.asBoolean(),
                RequestBodies.optionalText(body, "system_prompt", 100_000),
                parameters instanceof ObjectNode p ? p : null, pins(accountId, body, models), Instant.EPOCH, Instant.EPOCH);
    }

    private List<String> models(ObjectNode body) {
        boolean one = body.hasNonNull("model");
        boolean many = body.hasNonNull("models");
        if (one == many) throw RequestBodies.bad("give either 'model' (one id) or 'models' (ids to try in order)");
        List<String> models = one ? List.of(RequestBodies.requiredText(body, "model", 256)) : texts(body, "models", 256);
        if (models.isEmpty() || models.size() > MAX_MODELS) throw RequestBodies.bad("'models' must hold 1 to " + MAX_MODELS + " ids");
        for (String id : models) {
            if (Preset.nameIn(id).isPresent()) throw RequestBodies.bad("a preset cannot name another preset ('" + id + "')");
            if (VirtualModel.of(id).isEmpty()) place(id);
        }
        return models;
    }

    private ModelRef place(String id) {
        try {
            return planner.place(id);
        } catch (dev.anyrouter.routing.NoRouteException e) {
            throw RequestBodies.bad(e.getMessage());
        }
    }

    private List<Preset.Pin> pins(String accountId, ObjectNode body, List<String> models) {
        JsonNode pins = body.get("pins");
        if (pins == null || pins.isNull()) return List.of();
        if (!pins.isArray()) throw RequestBodies.bad("'pins' must be an array of {\"model\", \"key_id\"} objects");
        List<Preset.Pin> out = new ArrayList<>();
        for (JsonNode pin : pins) {
            String model = pin.path("model").asText(null);
            String keyId = pin.path("key_id").asText(null);
            if (model == null || keyId == null) throw RequestBodies.bad("each pin needs 'model' and 'key_id'");
            if (!models.contains(model)) throw RequestBodies.bad("pin '" + model + "' is not one of the preset's models");
            if (VirtualModel.of(model).isPresent()) throw RequestBodies.bad("a virtual model cannot be pinned to one key");
            ProviderKeyRecord key = keys.find(accountId, keyId)
                    .orElseThrow(() -> RequestBodies.bad("pin '" + model + "': you have no provider key with id " + keyId));
            String upstream = pin.hasNonNull("upstream_model") ? pin.get("upstream_model").asText()
                    : PinTarget.upstreamId(place(model), key.provider(), keyModels.modelsOf(accountId, key.id()), catalog);
            out.add(new Preset.Pin(model, key.id(), key.provider(), upstream));
        }
        return out;
    }

    private static List<String> texts(ObjectNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw RequestBodies.bad("'" + field + "' must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxLength) {
                throw RequestBodies.bad("'" + field + "' must be an array of non-empty strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    static Map<String, Object> view(Preset p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("name", p.name());
        v.put("model", Preset.PREFIX + p.name());
        v.put("models", p.models());
        v.put("provider_order", p.providerOrder());
        v.put("fallback_to_credits", p.fallbackToCredits());
        v.put("system_prompt", p.systemPrompt());
        v.put("parameters", p.parameters());
        v.put("pins", p.pins().stream().map(pin -> Map.of("model", pin.model(), "key_id", pin.keyId(), "provider", pin.provider(),
                "upstream_model", pin.upstreamModel())).toList());
        v.put("created_at", p.createdAt().toString());
        v.put("updated_at", p.updatedAt().toString());
        return v;
    }
}
