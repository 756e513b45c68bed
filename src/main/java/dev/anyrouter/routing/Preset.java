package dev.anyrouter.routing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named routing configuration of one account, used as {@code model: "@preset/<name>"}.
 *
 * @param models the models to try in order (ids, {@code anyrouter/*} virtual ids); never empty
 * @param providerOrder providers whose candidates go first, in this order, within each model's
 *     candidates (it reorders a virtual model's set; one named model has one provider)
 * @param fallbackToCredits whether credits may serve a model no key of the caller can; null: as
 *     each provider's pool is set. Virtual models and pinned keys never spend credits.
 * @param systemPrompt put before the request's own messages, or null
 * @param parameters request fields (temperature, max_tokens, …) used when the request does not set them
 * @param pins models that must go through one particular key of the account
 */
public record Preset(String id, String accountId, String name, List<String> models, List<String> providerOrder,
                     Boolean fallbackToCredits, String systemPrompt, ObjectNode parameters, List<Pin> pins,
                     Instant createdAt, Instant updatedAt) {
    /** What {@code model} starts with to name a preset. */
    public static final String PREFIX = "@preset/";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /**
     * A model of the preset routed through one key, which may be of another provider than the
     * model's own (an Anthropic model through the user's OpenRouter key).
     *
     * @param model the id as the preset's model list names it
     * @param keyId the key
     * @param provider the key's provider
     * @param upstreamModel the id that provider's API expects for the model
     */
    public record Pin(String model, String keyId, String provider, String upstreamModel) {
        public Pin {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(upstreamModel, "upstreamModel");
        }
    }

    public Preset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        models = List.copyOf(models);
        if (models.isEmpty()) throw new IllegalArgumentException("a preset names at least one model");
        providerOrder = providerOrder == null ? List.of() : List.copyOf(providerOrder);
        parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters.deepCopy();
        pins = pins == null ? List.of() : List.copyOf(pins);
    }

    /** Whether {@code name} is a valid preset name: lower-case letters, digits, '.', '_' and '-', up to 64. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The preset a model id names ({@code @preset/fast} → {@code fast}), if it names one. */
    public static Optional<String> nameIn(String modelId) {
        return modelId != null && modelId.startsWith(PREFIX) ? Optional.of(modelId.substring(PREFIX.length())) : Optional.empty();
    }

    /** A copy of the default parameters (the tree is mutable, the preset is not). */
    @Override
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /** The routing options this preset gives a request. */
    public RouteOptions options() {
        return new RouteOptions(providerOrder, fallbackToCredits == null ? RouteTarget.Credits.POOL
                : fallbackToCredits ? RouteTarget.Credits.ALLOWED : RouteTarget.Credits.NEVER, pins);
    }
}
