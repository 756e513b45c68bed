package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelPriceTest {

    /** The BigDecimal formula the price was always worked out by; null when the cost does not fit in a long. */
    private static Long bigDecimalCost(ModelPrice price, long inputTokens, long outputTokens, long cachedTokens) {
        long cached = Math.clamp(cachedTokens, 0, Math.max(0, inputTokens));
        BigDecimal usd = price.inputPerMillion().multiply(BigDecimal.valueOf(Math.max(0, inputTokens) - cached))
                .add(price.cachedInputPerMillion().multiply(BigDecimal.valueOf(cached)))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(Math.max(0, outputTokens))))
                .divide(BigDecimal.valueOf(1_000_000));
        BigDecimal micros = usd.multiply(BigDecimal.valueOf(1_000_000)).setScale(0, RoundingMode.CEILING);
        return micros.unscaledValue().bitLength() < 64 ? micros.longValueExact() : null;
    }

    private static Long cost(ModelPrice price, long inputTokens, long outputTokens, long cachedTokens) {
        try {
            return price.costMicros(inputTokens, outputTokens, cachedTokens);
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    @Test
    void chargesDollarsPerMillionTokensAsMicroDollarsRoundedUp() {
        ModelPrice price = ModelPrice.usd("2.00", "8.00");
        assertThat(price.costMicros(1_000, 500, 0)).isEqualTo(6_000);
        assertThat(price.costMicros(0, 0, 0)).isZero();
        assertThat(ModelPrice.usd("0.15", "0.60").costMicros(3, 0, 0)).isEqualTo(1); // 0.45 micro-dollars
        assertThat(new ModelPrice(new BigDecimal("2"), new BigDecimal("8"), new BigDecimal("0.5")).costMicros(1_000, 0, 400))
                .isEqualTo(1_400);
        assertThat(new ModelPrice(new BigDecimal("2"), new BigDecimal("8"), new BigDecimal("0.5")).costMicros(100, 0, 150))
                .as("cached tokens beyond the input count as the input").isEqualTo(50);
        assertThat(price.costMicros(-5, -5, -5)).isZero();
    }

    @Test
    void worksCommonPricesOutInLongs() {
        assertThat(ModelPrice.usd("2.00", "8.00").pricesInLongs()).isTrue();
        assertThat(ModelPrice.usd("0.075", "0.3").pricesInLongs()).isTrue();
        assertThat(ModelPrice.usd("1E+2", "0.000000000001").pricesInLongs()).isTrue();
        assertThat(ModelPrice.usd("0.0000000000001", "1").pricesInLongs()).as("13 decimals").isFalse();
        assertThat(ModelPrice.usd("92233720368547758070", "1").pricesInLongs()).as("beyond a long").isFalse();
    }

    @Test
    void keepsThePublicShapeOfAValue() {
        ModelPrice price = ModelPrice.usd("2.00", "8.00");
        assertThat(price).isEqualTo(new ModelPrice(new BigDecimal("2.00"), new BigDecimal("8.00"), new BigDecimal("2.00")))
                .hasSameHashCodeAs(new ModelPrice(new BigDecimal("2.00"), new BigDecimal("8.00"), null))
                .isNotEqualTo(ModelPrice.usd("2", "8"));
        assertThat(price.cachedInputPerMillion()).isEqualTo(new BigDecimal("2.00"));
        assertThat(price).hasToString("ModelPrice[inputPerMillion=2.00, outputPerMillion=8.00, cachedInputPerMillion=2.00]");
        assertThatThrownBy(() -> ModelPrice.usd("-1", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void costsTheSameAsTheBigDecimalFormulaForAnyPriceAndUsage() {
        Random random = new Random(1_000_003L);
        int inLongs = 0;
        int tooLarge = 0;
        for (int round = 0; round < 20_000; round++) {
            ModelPrice price = new ModelPrice(randomPrice(random), randomPrice(random), random.nextInt(4) == 0 ? null : randomPrice(random));
            if (price.pricesInLongs()) inLongs++;
            for (int usage = 0; usage < 5; usage++) {
                long input = tokens(random);
                long output = tokens(random);
                long cached = random.nextInt(4) == 0 ? input + tokens(random) : tokens(random); // cached > input now and then
                Long expected = bigDecimalCost(price, input, output, cached);
                if (expected == null) tooLarge++;
                assertThat(cost(price, input, output, cached)).as("%s for %d in, %d out, %d cached", price, input, output, cached)
                        .isEqualTo(expected);
            }
        }
        assertThat(inLongs).as("prices worked out in longs").isGreaterThan(8_000).isLessThan(19_000);
        assertThat(tooLarge).as("costs beyond a long").isGreaterThan(100);
    }

    private static BigDecimal randomPrice(Random random) {
        BigInteger unscaled = switch (random.nextInt(10)) {
            case 0 -> BigInteger.ZERO;
            case 1, 2, 3 -> BigInteger.valueOf(random.nextInt(1_000));
            case 4, 5, 6 -> BigInteger.valueOf(random.nextInt(100_000_000));
            case 7 -> BigInteger.valueOf(random.nextLong(Long.MAX_VALUE));
            case 8 -> new BigInteger(70 + random.nextInt(30), random);
            default -> BigInteger.valueOf(random.nextLong(1_000_000_000_000L)).multiply(BigInteger.TEN.pow(random.nextInt(4)));
        };
        return new BigDecimal(unscaled, random.nextInt(4) == 0 ? random.nextInt(-3, 17) : random.nextInt(0, 9));
    }

    private static long tokens(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> 0;
            case 1 -> random.nextInt(100);
            case 2 -> random.nextInt(2_000_000);
            case 3 -> random.nextLong(10_000_000_000L);
            case 4 -> random.nextLong(Long.MAX_VALUE);
            case 5 -> -random.nextInt(1_000);
            default -> Long.MAX_VALUE - random.nextInt(3);
        };
    }
}
