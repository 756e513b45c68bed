package dev.anyrouter.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A model's list price in US dollars per million tokens. Cached input tokens are part of the
 * input count (as every wire reports them) and are charged at the cached rate instead.
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cachedInputPerMillion) {
    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (cachedInputPerMillion == null) cachedInputPerMillion = inputPerMillion;
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0 || cachedInputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
    }

    /** Convenience for tables: {@code ModelPrice.usd("2.00", "8.00")}. */
    public static ModelPrice usd(String inputPerMillion, String outputPerMillion) {
        return new ModelPrice(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion), null);
    }

    /** The cost of the usage in micro-dollars, rounded up to the next micro-dollar. */
    public long costMicros(long inputTokens, long outputTokens, long cachedTokens) {
        long cached = Math.clamp(cachedTokens, 0, Math.max(0, inputTokens));
        BigDecimal usd = inputPerMillion.multiply(BigDecimal.valueOf(Math.max(0, inputTokens) - cached))
                .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(cached)))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(Math.max(0, outputTokens))))
                .divide(MILLION);
        return usd.multiply(MICROS_PER_USD).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
