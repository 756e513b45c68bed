package dev.anyrouter.providers;

import dev.anyrouter.protocol.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One model of the catalog ({@code catalog/models.yaml}, possibly overridden by an operator file).
 *
 * @param id canonical id, {@code provider/model} ({@code openai/gpt-4.1}); the part before the first
 *     '/' is a {@link ProviderCatalog} id
 * @param provider that provider id
 * @param model the id the provider itself expects on its wire ({@code claude-sonnet-4-5-20250929})
 * @param aliases bare ids clients already send for this model ({@code claude-sonnet-4-5}); never
 *     contain '/'. An alias another provider's entry also claims is ambiguous and places nothing.
 * @param contextLength the context window in tokens (input plus output)
 * @param maxOutput the most output tokens one request may ask for, when the provider publishes it
 * @param price list price, when the provider publishes a per-token price (subscription services such
 *     as Ollama Cloud and free catalogs such as NVIDIA's do not)
 * @param capabilities what it can do
 * @param rank strength, higher is stronger (0–100); orders {@code anyrouter/*} candidates. An editorial
 *     judgement kept in the catalog, not a provider fact.
 */
public record ModelEntry(
        String id,
        String provider,
        String model,
        List<String> aliases,
        int contextLength,
        OptionalInt maxOutput,
        Optional<Price> price,
        Set<Capability> capabilities,
        int rank) {

    /** Highest allowed {@link #rank}. */
    public static final int MAX_RANK = 100;

    public ModelEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(maxOutput, "maxOutput");
        Objects.requireNonNull(price, "price");
        aliases = List.copyOf(aliases);
        capabilities = Set.copyOf(capabilities);
        if (!id.startsWith(provider + "/") || id.length() == provider.length() + 1) {
            throw new IllegalArgumentException("id must read '" + provider + "/<model>', got '" + id + "'");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("model is missing");
        }
        for (String alias : aliases) {
            if (alias.isBlank() || alias.indexOf('/') >= 0 || !alias.strip().equals(alias)) {
                throw new IllegalArgumentException(
                        "aliases: '" + alias + "' must be a bare model id (no '/', no surrounding spaces)");
            }
        }
        if (contextLength <= 0) {
            throw new IllegalArgumentException("context must be a positive number of tokens, got " + contextLength);
        }
        if (maxOutput.isPresent() && (maxOutput.getAsInt() <= 0 || maxOutput.getAsInt() > contextLength)) {
            throw new IllegalArgumentException(
                    "max_output must be positive and at most the context (" + contextLength + "), got " + maxOutput.getAsInt());
        }
        if (rank < 0 || rank > MAX_RANK) {
            throw new IllegalArgumentException("rank must be between 0 and " + MAX_RANK + ", got " + rank);
        }
    }

    /** True when the model has {@code capability}. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /**
     * List prices in US dollars per million tokens. Cached input tokens are billed at
     * {@code cachedPerMillion}; where a provider gives no cache discount it equals {@code inputPerMillion}.
     */
    public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cachedPerMillion) {
        private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);

        public Price {
            requireNonNegative("price.input", inputPerMillion);
            requireNonNegative("price.output", outputPerMillion);
            requireNonNegative("price.cached", cachedPerMillion);
            if (cachedPerMillion.compareTo(inputPerMillion) > 0) {
                throw new IllegalArgumentException("price.cached (" + cachedPerMillion.toPlainString()
                        + ") must not exceed price.input (" + inputPerMillion.toPlainString() + ")");
            }
        }

        /** Input price in micro-dollars per million tokens (exact: prices have at most six decimals). */
        public long inputMicrosPerMillion() {
            return micros(inputPerMillion);
        }

        /** Output price in micro-dollars per million tokens. */
        public long outputMicrosPerMillion() {
            return micros(outputPerMillion);
        }

        /** Cached-input price in micro-dollars per million tokens. */
        public long cachedMicrosPerMillion() {
            return micros(cachedPerMillion);
        }

        /**
         * The exact cost of {@code usage} in US dollars. {@code usage.inputTokens()} includes the cached
         * tokens, which are billed at the cached rate; the rest of the input at the input rate. A cached
         * count larger than the input count (an upstream's inconsistency) is treated as all input cached.
         */
        public BigDecimal costUsd(Usage usage) {
            Objects.requireNonNull(usage, "usage");
            if (usage.inputTokens() < 0 || usage.outputTokens() < 0 || usage.cachedTokens() < 0) {
                throw new IllegalArgumentException("token counts must not be negative: " + usage);
            }
            long cached = Math.min(usage.cachedTokens(), usage.inputTokens());
            long uncached = usage.inputTokens() - cached;
            BigDecimal perMillion = inputPerMillion.multiply(BigDecimal.valueOf(uncached))
                    .add(cachedPerMillion.multiply(BigDecimal.valueOf(cached)))
                    .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())));
            return perMillion.movePointLeft(6);
        }

        /**
         * The cost of {@code usage} in micro-dollars (1 USD = 1,000,000), rounded half up once, on the
         * total. Dollars per million tokens equal micro-dollars per token, so this is the token-weighted
         * sum of the prices.
         */
        public long costMicros(Usage usage) {
            return costUsd(usage).multiply(MICROS_PER_USD).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }

        private static long micros(BigDecimal usdPerMillion) {
            return usdPerMillion.multiply(MICROS_PER_USD).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }

        private static void requireNonNegative(String field, BigDecimal value) {
            Objects.requireNonNull(value, field);
            if (value.signum() < 0) {
                throw new IllegalArgumentException(field + " must not be negative, got " + value.toPlainString());
            }
            // At most six decimals keeps a price a whole number of micro-dollars per million tokens.
            if (value.stripTrailingZeros().scale() > 6) {
                throw new IllegalArgumentException(field + " has more than six decimals: " + value.toPlainString());
            }
        }
    }
}
