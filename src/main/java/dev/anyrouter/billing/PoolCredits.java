package dev.anyrouter.billing;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The donation credit-back: for each pool request served on a donated key, a share of its notional
 * cost at list price goes to the key's owner as a {@link Ledger#GRANT} of its own, beside one
 * {@code pool_credits} row of what the donor may see: the key, the day, tokens and credit, never
 * who asked or what. The row links the entry to the usage record: it holds the request's id and
 * the entry's {@code request_id}, a credit id of its own ({@code pool-credit:…}), so the donor's
 * ledger never shows the requester's request id. Both are written in the request's settle transaction, and each at most once
 * per request (the row's key and the ledger's one entry per account, kind and request), so a
 * retried settle never credits twice.
 */
public final class PoolCredits {
    /** The memo of a credit-back entry, so the donor's ledger says what it is. */
    public static final String MEMO = "pool credit-back";
    /** How the {@code request_id} of a credit-back entry begins. */
    public static final String CREDIT_PREFIX = "pool-credit:";

    /**
     * What one pool request earns its donor.
     *
     * @param notionalMicros the request's cost at list price
     * @param creditMicros the share credited back
     */
    public record CreditBack(String donorAccountId, String keyId, String provider, long inputTokens, long outputTokens,
                             long notionalMicros, long creditMicros) {
        public CreditBack {
            Objects.requireNonNull(donorAccountId, "donorAccountId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(provider, "provider");
            if (notionalMicros < 0 || creditMicros < 0) throw new IllegalArgumentException("a credit-back cannot be negative");
        }

        /** {@code rate} of {@code notionalMicros}, to the micro-dollar, rounded half up. */
        public static long share(long notionalMicros, BigDecimal rate) {
            return BigDecimal.valueOf(notionalMicros).multiply(rate).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
    }

    /** One key's pool use on one UTC day, as its owner sees it. */
    public record Day(String keyId, String day, long requests, long inputTokens, long outputTokens, long notionalMicros,
                      long creditMicros) {}

    private final Database db;
    private final Ledger ledger;
    private final Clock clock;

    public PoolCredits(Database db, Ledger ledger, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.ledger = Objects.requireNonNull(ledger);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Writes the request's credit-back inside the caller's transaction (the request's settle).
     *
     * @return true when written, false when this request was credited already
     */
    public boolean writeInTx(Connection c, String requestId, CreditBack back) {
        Objects.requireNonNull(requestId, "requestId");
        long now = clock.millis();
        String creditId = CREDIT_PREFIX + java.util.UUID.randomUUID();
        try (var ps = c.prepareStatement("INSERT INTO pool_credits (request_id, credit_id, key_id, donor_account_id, provider, day,"
                + " input_tokens, output_tokens, notional_micros, credit_micros, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, requestId);
            ps.setString(2, creditId);
            ps.setString(3, back.keyId());
            ps.setString(4, back.donorAccountId());
            ps.setString(5, back.provider());
            ps.setString(6, day(Instant.ofEpochMilli(now)));
            ps.setLong(7, back.inputTokens());
            ps.setLong(8, back.outputTokens());
            ps.setLong(9, back.notionalMicros());
            ps.setLong(10, back.creditMicros());
            ps.setLong(11, now);
            if (ps.executeUpdate() == 0) return false;
        } catch (SQLException e) {
            throw new StoreException("cannot record a pool credit-back: " + e.getMessage(), e);
        }
        if (back.creditMicros() > 0) {
            ledger.appendInTx(c, back.donorAccountId(), back.creditMicros(), Ledger.GRANT, creditId, MEMO + " (key " + back.keyId() + ")");
        }
        return true;
    }

    /** The donor's pool use per key and day, newest day first, over the last {@code days} days. */
    public List<Day> days(String donorAccountId, int days) {
        String since = day(clock.instant().minusSeconds(86_400L * Math.max(0, days - 1)));
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT key_id, day, COUNT(*), SUM(input_tokens), SUM(output_tokens),"
                    + " SUM(notional_micros), SUM(credit_micros) FROM pool_credits WHERE donor_account_id = ? AND day >= ?"
                    + " GROUP BY key_id, day ORDER BY day DESC, key_id")) {
                ps.setString(1, donorAccountId);
                ps.setString(2, since);
                try (var rs = ps.executeQuery()) {
                    List<Day> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Day(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                                rs.getLong(7)));
                    }
                    return out;
                }
            }
        });
    }

    /** One key's pool use over all time (its day is {@code "all"}). */
    public Day total(String keyId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
                    + " COALESCE(SUM(notional_micros), 0), COALESCE(SUM(credit_micros), 0) FROM pool_credits WHERE key_id = ?")) {
                ps.setString(1, keyId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new Day(keyId, "all", rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
                }
            }
        });
    }

    /** One key's pool use today (UTC), for its owner's caps. */
    public Day today(String keyId) {
        String today = day(clock.instant());
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
                    + " COALESCE(SUM(notional_micros), 0), COALESCE(SUM(credit_micros), 0) FROM pool_credits WHERE key_id = ? AND day = ?")) {
                ps.setString(1, keyId);
                ps.setString(2, today);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new Day(keyId, today, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
                }
            }
        });
    }

    /** The UTC day of {@code at}, as the rows store it. */
    public static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
