package dev.anyrouter.keys;

import dev.anyrouter.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The donation pool's rows: each key's donation state and caps ({@code key_donations}) and every
 * acknowledgement of the consent text ({@code pool_consents}), which nothing ever deletes, so the
 * record of what was agreed outlives the key it covered. All calls block.
 */
public final class DonationStore {
    /** The {@code key_id} of an account's own acknowledgement, as opposed to one applied to a key. */
    public static final String ACCOUNT = "";

    /** A key's stored donation state: {@code READY} joins the pool once its provider is eligible, {@code ON} asked for one that is. */
    public enum State { READY, ON }

    /**
     * One key's donation.
     *
     * @param maxRequestsPerDay pool requests per UTC day the owner allows, or null for no cap
     * @param maxMicrosPerDay notional cost at list price per UTC day the owner allows, or null for no cap
     */
    public record Donation(String keyId, String accountId, String provider, State state, Long maxRequestsPerDay,
                           Long maxMicrosPerDay, Instant updatedAt) {
        public Donation {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(state, "state");
        }
    }

    /** One acknowledgement of the consent text: by the account ({@code keyId} {@value #ACCOUNT}) or applied to a key. */
    public record Consent(String accountId, String keyId, String textVersion, Instant acceptedAt, String clientAddress) {}

    private final Database db;
    private final Clock clock;

    public DonationStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Records an acknowledgement once: a repeat of the same account, key and version keeps the first.
     *
     * @return true when this call wrote it
     */
    public boolean recordConsent(String accountId, String keyId, String textVersion, String clientAddress) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO pool_consents (account_id, key_id, text_version, accepted_at, client_address)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, accountId);
                ps.setString(2, keyId);
                ps.setString(3, textVersion);
                ps.setLong(4, clock.millis());
                ps.setString(5, clientAddress == null ? "" : clientAddress);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Every acknowledgement the account gave, its own and its keys', oldest first. */
    public List<Consent> consents(String accountId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT account_id, key_id, text_version, accepted_at, client_address FROM pool_consents"
                    + " WHERE account_id = ? ORDER BY accepted_at, key_id")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    List<Consent> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Consent(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                                rs.getString(5)));
                    }
                    return out;
                }
            }
        });
    }

    /** The account's own acknowledgement of {@code textVersion}, if it gave one. */
    public Optional<Consent> accountConsent(String accountId, String textVersion) {
        return consents(accountId).stream()
                .filter(c -> c.keyId().equals(ACCOUNT) && c.textVersion().equals(textVersion)).findFirst();
    }

    /** The key's donation, if it is not off. */
    public Optional<Donation> find(String keyId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(SELECT + " WHERE key_id = ?")) {
                ps.setString(1, keyId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(donation(rs)) : Optional.<Donation>empty();
                }
            }
        });
    }

    /** The account's donations (keys not off). */
    public List<Donation> forAccount(String accountId) {
        return list(SELECT + " WHERE account_id = ? ORDER BY key_id", accountId);
    }

    /** Every donation of the provider's keys, any account, whose key still exists. */
    public List<Donation> forProvider(String provider) {
        return list(SELECT + " WHERE provider = ? AND EXISTS (SELECT 1 FROM provider_keys k WHERE k.id = key_donations.key_id"
                + " AND k.account_id = key_donations.account_id) ORDER BY key_id", provider);
    }

    /** Pool requests served and their notional cost at list price, per key of the provider, on the UTC day {@code day}. */
    public java.util.Map<String, long[]> servedOn(String provider, String day) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT key_id, COUNT(*), COALESCE(SUM(notional_micros), 0) FROM pool_credits"
                    + " WHERE provider = ? AND day = ? GROUP BY key_id")) {
                ps.setString(1, provider);
                ps.setString(2, day);
                try (var rs = ps.executeQuery()) {
                    java.util.Map<String, long[]> out = new java.util.HashMap<>();
                    while (rs.next()) out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    return out;
                }
            }
        });
    }

    /** Creates or replaces the key's donation. */
    public void put(Donation d) {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO key_donations (key_id, account_id, provider, state, max_requests_per_day,"
                    + " max_micros_per_day, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET"
                    + " state = excluded.state, max_requests_per_day = excluded.max_requests_per_day,"
                    + " max_micros_per_day = excluded.max_micros_per_day, updated_at = excluded.updated_at")) {
                ps.setString(1, d.keyId());
                ps.setString(2, d.accountId());
                ps.setString(3, d.provider());
                ps.setString(4, d.state().name().toLowerCase(java.util.Locale.ROOT));
                setLongOrNull(ps, 5, d.maxRequestsPerDay());
                setLongOrNull(ps, 6, d.maxMicrosPerDay());
                ps.setLong(7, clock.millis());
                return ps.executeUpdate();
            }
        });
    }

    /** Switches the key's donation off; false when it was off already. */
    public boolean remove(String accountId, String keyId) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM key_donations WHERE key_id = ? AND account_id = ?")) {
                ps.setString(1, keyId);
                ps.setString(2, accountId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static final String SELECT = "SELECT key_id, account_id, provider, state, max_requests_per_day, max_micros_per_day,"
            + " updated_at FROM key_donations";

    private List<Donation> list(String sql, String arg) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setString(1, arg);
                try (var rs = ps.executeQuery()) {
                    List<Donation> out = new ArrayList<>();
                    while (rs.next()) out.add(donation(rs));
                    return out;
                }
            }
        });
    }

    private static void setLongOrNull(java.sql.PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) ps.setNull(index, java.sql.Types.BIGINT);
        else ps.setLong(index, value);
    }

    private static Donation donation(ResultSet rs) throws SQLException {
        long requests = rs.getLong(5);
        Long maxRequests = rs.wasNull() ? null : requests;
        long micros = rs.getLong(6);
        Long maxMicros = rs.wasNull() ? null : micros;
        return new Donation(rs.getString(1), rs.getString(2), rs.getString(3),
                State.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)), maxRequests, maxMicros,
                Instant.ofEpochMilli(rs.getLong(7)));
    }
}
