package dev.anyrouter.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A model's list price in US dollars per million tokens. Cached input tokens are part of the
 * input count (as every wire reports them) and are charged at the cached rate instead.
 *
 * <p>Every request's usage is priced, so the prices are also kept as whole multiples of one common
 * power of ten in longs, and a cost is long arithmetic; prices too fine or too large for that, and
 * usage too large for it, are priced in BigDecimal with the same result. (A class, not a record,
 * only because a record cannot hold that derived form.)
 */
public final class ModelPrice {
    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final BigDecimal inputPerMillion;
    private final BigDecimal outputPerMillion;
    private final BigDecimal cachedInputPerMillion;
    /** The prices in longs, or null when they do not fit. */
    private final ScaledPrices scaled;

    /** A price; a null {@code cachedInputPerMillion} means cached input costs as much as other input. */
    public ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cachedInputPerMillion) {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (cachedInputPerMillion == null) cachedInputPerMillion = inputPerMillion;
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0 || cachedInputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
        this.inputPerMillion = inputPerMillion;
        this.outputPerMillion = outputPerMillion;
        this.cachedInputPerMillion = cachedInputPerMillion;
        this.scaled = ScaledPrices.of(inputPerMillion, outputPerMillion, cachedInputPerMillion);
    }

    /** Convenience for tables: {@code ModelPrice.usd("2.00", "8.00")}. */
    public static ModelPrice usd(String inputPerMillion, String outputPerMillion) {
        return new ModelPrice(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion), null);
    }

    public BigDecimal inputPerMillion() {
        return inputPerMillion;
    }

    public BigDecimal outputPerMillion() {
        return outputPerMillion;
    }

    public BigDecimal cachedInputPerMillion() {
        return cachedInputPerMillion;
    }

    /**
     * The cost of the usage in micro-dollars, rounded up to the next micro-dollar: dollars per
     * million tokens times tokens is micro-dollars, so this is the ceiling of the sum of the three
     * products. Throws {@link ArithmeticException} when the cost does not fit in a long.
     */
    public long costMicros(long inputTokens, long outputTokens, long cachedTokens) {
        long input = Math.max(0, inputTokens);
        long cached = Math.clamp(cachedTokens, 0, input);
        long output = Math.max(0, outputTokens);
        if (scaled != null) {
            try {
                return scaled.costMicros(input - cached, cached, output);
            } catch (ArithmeticException overflow) {
                // Usage this large is priced in BigDecimal below.
            }
        }
        BigDecimal usd = inputPerMillion.multiply(BigDecimal.valueOf(input - cached))
                .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(cached)))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(output)))
                .divide(MILLION);
        return usd.multiply(MICROS_PER_USD).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Whether costs are worked out in longs (tests look). */
    boolean pricesInLongs() {
        return scaled != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelPrice p && inputPerMillion.equals(p.inputPerMillion) && outputPerMillion.equals(p.outputPerMillion)
                && cachedInputPerMillion.equals(p.cachedInputPerMillion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputPerMillion, outputPerMillion, cachedInputPerMillion);
    }

    @Override
    public String toString() {
        return "ModelPrice[inputPerMillion=" + inputPerMillion + ", outputPerMillion=" + outputPerMillion
                + ", cachedInputPerMillion=" + cachedInputPerMillion + "]";
    }

    /**
     * The three prices as counts of {@code 1/unit} dollars per million tokens, exactly.
     *
     * @param unit ten to the power of the prices' common number of decimal places
     */
    private record ScaledPrices(long unit, long input, long output, long cached) {
        /** Finer prices than this (a millionth of a micro-dollar per token) are rare enough for BigDecimal. */
        private static final int MAX_SCALE = 12;

        /** The prices in longs, or null when one has more than {@link #MAX_SCALE} decimals or does not fit. */
        static ScaledPrices of(BigDecimal input, BigDecimal output, BigDecimal cached) {
            BigDecimal[] prices = {plain(input), plain(output), plain(cached)};
            int scale = 0;
            for (BigDecimal p : prices) scale = Math.max(scale, p.scale());
            if (scale > MAX_SCALE) return null;
            try {
                return new ScaledPrices(BigDecimal.ONE.movePointRight(scale).longValueExact(),
                        prices[0].movePointRight(scale).longValueExact(), prices[1].movePointRight(scale).longValueExact(),
                        prices[2].movePointRight(scale).longValueExact());
            } catch (ArithmeticException tooLarge) {
                return null;
            }
        }

        /** Without trailing zeros, and never a negative scale (1E+2 is 100). */
        private static BigDecimal plain(BigDecimal price) {
            BigDecimal stripped = price.stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }

        /** The ceiling of the cost in micro-dollars; throws {@link ArithmeticException} when the sum overflows a long. */
        long costMicros(long uncachedTokens, long cachedTokens, long outputTokens) {
            long units = Math.addExact(Math.addExact(Math.multiplyExact(input, uncachedTokens), Math.multiplyExact(cached, cachedTokens)),
                    Math.multiplyExact(output, outputTokens));
            long micros = units / unit;
            return units % unit == 0 ? micros : micros + 1;
        }
    }
}
