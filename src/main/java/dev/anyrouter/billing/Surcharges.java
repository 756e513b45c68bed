package dev.anyrouter.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What credits can buy beyond a model's list price, and what they cannot: {@code catalog/surcharges.yaml}
 * (sourced and dated there) read once into records. Pricing ({@link Tariff}) and refusals
 * ({@link CreditsRules}) are pure functions over it.
 */
public record Surcharges(Map<String, ProviderRules> providers, Map<String, Map<String, String>> refused) {
    /** The built-in table. */
    public static final String RESOURCE = "catalog/surcharges.yaml";
    static final String DEFAULT_PROVIDER = "default";

    public Surcharges {
        providers = Map.copyOf(providers);
        refused = Map.copyOf(refused);
        if (!providers.containsKey(DEFAULT_PROVIDER)) throw new IllegalArgumentException("surcharges: no 'default' provider");
    }

    /** A provider's rules, or the default's for a provider the table does not name. */
    public ProviderRules provider(String providerId) {
        return providers.getOrDefault(providerId, providers.get(DEFAULT_PROVIDER));
    }

    /**
     * One provider's rules.
     *
     * @param cacheWrite5m factor of the input price for tokens written to a five-minute cache
     * @param cacheWrite1h factor for tokens written to a one-hour cache
     * @param tiers {@code service_tier} values and their price
     * @param tools hosted / server tool types and their price
     * @param allowedBetas {@code anthropic-beta} values that change no price and store nothing
     * @param pricedBetas {@code anthropic-beta} values whose price this table models
     */
    public record ProviderRules(BigDecimal cacheWrite5m, BigDecimal cacheWrite1h, List<LongContext> longContext,
                                Map<String, Tier> tiers, Map<String, ToolPrice> tools, Set<String> allowedBetas,
                                Set<String> pricedBetas) {
        public ProviderRules {
            longContext = List.copyOf(longContext);
            tiers = Map.copyOf(tiers);
            tools = Map.copyOf(tools);
            allowedBetas = Set.copyOf(allowedBetas);
            pricedBetas = Set.copyOf(pricedBetas);
        }

        /** The long-context rule that applies to the model, if any. */
        public Optional<LongContext> longContext(String canonicalModelId) {
            return longContext.stream().filter(l -> l.models().contains(canonicalModelId)).findFirst();
        }

        /**
         * The price of a tool type: the entry with the longest name that is the type itself or a
         * prefix of it followed by '_' (so a dated {@code web_search_20250305} is {@code web_search},
         * and {@code web_search_preview} its own entry); empty when the table has none.
         */
        public Optional<ToolPrice> tool(String type) {
            if (type == null) return Optional.empty();
            String best = null;
            for (String name : tools.keySet()) {
                boolean fits = type.equals(name) || type.startsWith(name + "_");
                if (fits && (best == null || name.length() > best.length())) best = name;
            }
            return Optional.ofNullable(best).map(tools::get);
        }
    }

    /** Prompts over {@code aboveTokens} make the whole request cost {@code inputFactor} / {@code outputFactor} times more. */
    public record LongContext(Set<String> models, long aboveTokens, BigDecimal inputFactor, BigDecimal outputFactor) {
        public LongContext {
            models = Set.copyOf(models);
        }
    }

    /** A {@code service_tier} value's price: the list price, a factor of it (for listed models, or all), or a price per model. */
    public sealed interface Tier {
        record Standard() implements Tier {}

        /** @param models the models it applies to; empty: all */
        record Factor(BigDecimal factor, Set<String> models) implements Tier {}

        record PerModel(Map<String, ModelPrice> prices) implements Tier {}
    }

    /** What one hosted tool costs on credits. */
    public sealed interface ToolPrice {
        /** A fee per call, and for some models a fixed number of input tokens billed per call. */
        record PerCall(BigDecimal usd, Map<String, Long> fixedInputTokens) implements ToolPrice {}

        /** No fee beyond the tokens it adds. */
        record TokensOnly() implements ToolPrice {}

        /** Not sold on credits, and why. */
        record Refused(String reason) implements ToolPrice {}
    }

    /** The built-in table from the class path. */
    public static Surcharges loadDefault() {
        try (InputStream in = Surcharges.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static Surcharges parse(JsonNode root) {
        Map<String, ProviderRules> providers = new HashMap<>();
        root.path("providers").properties().forEach(p -> providers.put(p.getKey(), provider(p.getKey(), p.getValue())));
        Map<String, Map<String, String>> refused = new HashMap<>();
        root.path("refused").properties().forEach(api -> {
            Map<String, String> fields = new HashMap<>();
            api.getValue().properties().forEach(f -> fields.put(f.getKey(), f.getValue().asText()));
            refused.put(api.getKey(), fields);
        });
        return new Surcharges(providers, refused);
    }

    private static ProviderRules provider(String id, JsonNode node) {
        JsonNode cache = node.path("cache_write");
        List<LongContext> longContext = new java.util.ArrayList<>();
        node.path("long_context").forEach(l -> longContext.add(new LongContext(strings(l.path("models")), l.path("above").asLong(),
                decimal(l, "input", id), decimal(l, "output", id))));
        Map<String, Tier> tiers = new HashMap<>();
        node.path("service_tiers").properties().forEach(t -> tiers.put(t.getKey(), tier(id, t.getKey(), t.getValue())));
        Map<String, ToolPrice> tools = new HashMap<>();
        node.path("tools").properties().forEach(t -> tools.put(t.getKey(), tool(id, t.getKey(), t.getValue())));
        return new ProviderRules(cache.has("five_minutes") ? decimal(cache, "five_minutes", id) : BigDecimal.ONE,
                cache.has("one_hour") ? decimal(cache, "one_hour", id) : BigDecimal.ONE, longContext, tiers, tools,
                strings(node.path("betas").path("allowed")), strings(node.path("betas").path("priced")));
    }

    private static Tier tier(String provider, String name, JsonNode node) {
        if (node.isTextual() && node.asText().equals("standard")) return new Tier.Standard();
        if (node.has("factor")) return new Tier.Factor(decimal(node, "factor", provider), strings(node.path("models")));
        if (node.has("prices")) {
            Map<String, ModelPrice> prices = new HashMap<>();
            node.path("prices").properties().forEach(p -> prices.put(p.getKey(), new ModelPrice(decimal(p.getValue(), "input", provider),
                    decimal(p.getValue(), "output", provider), decimal(p.getValue(), "cached", provider))));
            return new Tier.PerModel(prices);
        }
        throw new IllegalArgumentException("surcharges: " + provider + " service tier '" + name + "' is neither standard, a factor nor prices");
    }

    private static ToolPrice tool(String provider, String type, JsonNode node) {
        if (node.has("refused")) return new ToolPrice.Refused(node.path("refused").asText());
        if (node.path("tokens").asBoolean(false)) return new ToolPrice.TokensOnly();
        if (node.has("per_call")) {
            Map<String, Long> fixed = new HashMap<>();
            node.path("fixed_input_tokens").properties().forEach(f -> fixed.put(f.getKey(), f.getValue().asLong()));
            return new ToolPrice.PerCall(decimal(node, "per_call", provider), fixed);
        }
        throw new IllegalArgumentException("surcharges: " + provider + " tool '" + type + "' has no per_call, tokens or refused");
    }

    private static BigDecimal decimal(JsonNode node, String field, String provider) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || v.decimalValue().signum() < 0) {
            throw new IllegalArgumentException("surcharges: " + provider + "." + field + " must be a non-negative number");
        }
        return v.decimalValue();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new java.util.HashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
