package dev.anyrouter.byok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.keys.KeyModelStore;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.PinTarget;
import dev.anyrouter.routing.Preset;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.routing.RoutePlanner;
import dev.anyrouter.routing.VirtualModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The preset rules, shared by the JSON API ({@code http}) and the dashboard ({@code web}): every model
 * a preset names must be one AnyRouter can place (or an {@code anyrouter/*} id); a pin must name
 * one of the account's keys, and its upstream id is worked out when the preset is saved, so
 * requests do no lookups for it. Bodies are the API's JSON fields, so both surfaces accept the
 * same input. Every method blocks (call it through {@link dev.anyrouter.store.Blocking}); a refusal is thrown as the
 * API's error ({@link ByokService#refusal} tells it).
 */
public final class PresetService {
    public static final Set<String> FIELDS = Set.of("name", "model", "models", "provider_order", "fallback_to_credits",
            "system_prompt", "parameters", "pins");
    private static final Set<String> RESERVED_PARAMETERS = Set.of("model", "models", "messages", "stream");
    private static final int MAX_MODELS = 16;

    private final Presets presets;
    private final RoutePlanner planner;
    private final ProviderCatalog providers;
    private final ModelCatalog catalog;
    private final ProviderKeyStore keys;
    private final KeyModelStore keyModels;

    public PresetService(Presets presets, RoutePlanner planner, ProviderCatalog providers, ModelCatalog catalog,
                         ProviderKeyStore keys, KeyModelStore keyModels) {
        this.presets = Objects.requireNonNull(presets, "presets");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyModels = Objects.requireNonNull(keyModels, "keyModels");
    }

    /** The account's presets, by name. */
    public List<Preset> list(String accountId) {
        return presets.list(accountId);
    }

    /** The account's preset of that name. */
    public Optional<Preset> find(String accountId, String name) {
        return presets.load(accountId, name);
    }

    /** Creates the preset {@code body} describes; refused when the account already has one of that name. */
    public Preset create(String accountId, ObjectNode body) {
        String name = RequestFields.requiredText(body, "name", 64);
        if (presets.load(accountId, name).isPresent()) {
            throw new ApiException(ApiError.conflict("preset_exists", "you already have a preset named '" + name
                    + "': change it with PUT /api/v1/presets/" + name));
        }
        return presets.put(draft(accountId, name, body));
    }

    /** Replaces (or creates) the preset {@code name} whole with what {@code body} describes. */
    public Preset replace(String accountId, String name, ObjectNode body) {
        String named = RequestFields.optionalText(body, "name", 64);
        if (named != null && !named.equals(name)) throw RequestFields.bad("'name' must be the name in the path, '" + name + "'");
        return presets.put(draft(accountId, name, body));
    }

    /** Deletes the preset; false when the account has none of that name. */
    public boolean delete(String accountId, String name) {
        return presets.delete(accountId, name);
    }

    /** The preset a body describes, checked field by field; blocking (pins read the account's keys). */
    private Preset draft(String accountId, String name, ObjectNode body) {
        if (!Preset.validName(name)) {
            throw RequestFields.bad("'name' must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        List<String> models = models(body);
        List<String> order = texts(body, "provider_order", 32);
        for (String provider : order) {
            if (providers.find(provider).isEmpty()) throw RequestFields.bad("'provider_order': unknown provider '" + provider + "'");
        }
        JsonNode credits = body.get("fallback_to_credits");
        if (credits != null && !credits.isNull() && !credits.isBoolean()) {
            throw RequestFields.bad("'fallback_to_credits' must be true, false or null (as each provider's pool is set)");
        }
        JsonNode parameters = body.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) throw RequestFields.bad("'parameters' must be an object");
        if (parameters instanceof ObjectNode p) {
            for (String reserved : RESERVED_PARAMETERS) {
                if (p.has(reserved)) throw RequestFields.bad("'parameters' may not set '" + reserved + "'");
            }
        }
        return new Preset("new", accountId, name, models, order,
                credits == null || credits.isNull() ? null : credits.asBoolean(),
                RequestFields.optionalText(body, "system_prompt", 100_000),
                parameters instanceof ObjectNode p ? p : null, pins(accountId, body, models), Instant.EPOCH, Instant.EPOCH);
    }

    private List<String> models(ObjectNode body) {
        boolean one = body.hasNonNull("model");
        boolean many = body.hasNonNull("models");
        if (one == many) throw RequestFields.bad("give either 'model' (one id) or 'models' (ids to try in order)");
        List<String> models = one ? List.of(RequestFields.requiredText(body, "model", 256)) : texts(body, "models", 256);
        if (models.isEmpty() || models.size() > MAX_MODELS) throw RequestFields.bad("'models' must hold 1 to " + MAX_MODELS + " ids");
        for (String id : models) {
            if (Preset.nameIn(id).isPresent()) throw RequestFields.bad("a preset cannot name another preset ('" + id + "')");
            if (VirtualModel.of(id).isEmpty()) place(id);
        }
        return models;
    }

    private ModelRef place(String id) {
        try {
            return planner.place(id);
        } catch (dev.anyrouter.routing.NoRouteException e) {
            throw RequestFields.bad(e.getMessage());
        }
    }

    private List<Preset.Pin> pins(String accountId, ObjectNode body, List<String> models) {
        JsonNode pins = body.get("pins");
        if (pins == null || pins.isNull()) return List.of();
        if (!pins.isArray()) throw RequestFields.bad("'pins' must be an array of {\"model\", \"key_id\"} objects");
        List<Preset.Pin> out = new ArrayList<>();
        for (JsonNode pin : pins) {
            String model = pin.path("model").asText(null);
            String keyId = pin.path("key_id").asText(null);
            if (model == null || keyId == null) throw RequestFields.bad("each pin needs 'model' and 'key_id'");
            if (!models.contains(model)) throw RequestFields.bad("pin '" + model + "' is not one of the preset's models");
            if (VirtualModel.of(model).isPresent()) throw RequestFields.bad("a virtual model cannot be pinned to one key");
            ProviderKeyRecord key = keys.find(accountId, keyId)
                    .orElseThrow(() -> RequestFields.bad("pin '" + model + "': you have no provider key with id " + keyId));
            String upstream = pin.hasNonNull("upstream_model") ? pin.get("upstream_model").asText()
                    : PinTarget.upstreamId(place(model), key.provider(), keyModels.modelsOf(accountId, key.id()), catalog);
            out.add(new Preset.Pin(model, key.id(), key.provider(), upstream));
        }
        return out;
    }

    private static List<String> texts(ObjectNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw RequestFields.bad("'" + field + "' must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxLength) {
                throw RequestFields.bad("'" + field + "' must be an array of non-empty strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
