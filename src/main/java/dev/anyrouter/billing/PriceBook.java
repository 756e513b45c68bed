package dev.anyrouter.billing;

import java.util.Map;
import java.util.Optional;

/**
 * List prices by canonical model id ({@code openai/gpt-4.1-mini}). Credits traffic is refused
 * for a model with no price, rather than served for free; BYOK traffic records a notional cost
 * of 0 for it.
 */
@FunctionalInterface
public interface PriceBook {
    Optional<ModelPrice> price(String canonicalModelId);

    /** Knows no prices: credits can serve nothing. */
    static PriceBook none() {
        return id -> Optional.empty();
    }

    /** A fixed table. */
    static PriceBook of(Map<String, ModelPrice> prices) {
        Map<String, ModelPrice> copy = Map.copyOf(prices);
        return id -> Optional.ofNullable(copy.get(id));
    }
}
