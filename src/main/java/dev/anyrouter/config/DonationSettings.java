package dev.anyrouter.config;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The donation pool: what a donor earns, and where donated keys stand among the operator's own
 * when a credits request is served.
 *
 * @param creditRate the share of a pool request's notional cost at list price credited back to the
 *     donor (0.05: the program's 5 %), from 0 to 1
 * @param order whether the operator's keys or the donated keys are tried first for credits traffic
 */
public record DonationSettings(BigDecimal creditRate, Order order) {
    /** The program's 5 %. */
    public static final BigDecimal DEFAULT_CREDIT_RATE = new BigDecimal("0.05");

    /** Which keys credits traffic tries first. */
    public enum Order {
        /** The operator's keys, then donated keys. */
        OPERATOR_FIRST,
        /** Donated keys, then the operator's. */
        POOL_FIRST;

        /** As the setting spells it: {@code operator-first}, {@code pool-first}. */
        public String settingName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Order parse(String raw) {
            for (Order order : values()) {
                if (order.settingName().equals(raw.strip().toLowerCase(Locale.ROOT))) return order;
            }
            throw new InvalidSettingsException("pool-order must be operator-first or pool-first, got '" + raw + "'");
        }
    }

    public DonationSettings {
        if (creditRate == null || creditRate.signum() < 0 || creditRate.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidSettingsException("pool-credit-rate must be a share from 0 to 1, such as 0.05");
        }
        if (order == null) throw new InvalidSettingsException("pool-order must be set");
    }

    /** 5 % back, the operator's keys first. */
    public static DonationSettings defaults() {
        return new DonationSettings(DEFAULT_CREDIT_RATE, Order.OPERATOR_FIRST);
    }

    /** From the settings' text values (null: the default). */
    static DonationSettings parse(String rate, String order) {
        BigDecimal parsed;
        try {
            parsed = rate == null ? DEFAULT_CREDIT_RATE : new BigDecimal(rate.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException("pool-credit-rate must be a share from 0 to 1, such as 0.05, got '" + rate + "'");
        }
        return new DonationSettings(parsed, order == null ? Order.OPERATOR_FIRST : Order.parse(order));
    }
}
