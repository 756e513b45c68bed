package dev.anyrouter.billing;

import java.math.BigDecimal;

/** Micro-dollars as people read them: {@code $2.00}, {@code $0.000125}. */
public final class Usd {
    private Usd() {}

    /** At least two decimals, as many as the amount has (up to six), with a sign for negatives: {@code -$0.05}. */
    public static String text(long micros) {
        BigDecimal usd = BigDecimal.valueOf(Math.abs(micros), 6).stripTrailingZeros();
        if (usd.scale() < 2) usd = usd.setScale(2);
        return (micros < 0 ? "-$" : "$") + usd.toPlainString();
    }
}
