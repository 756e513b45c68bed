package dev.anyrouter.routing;

import dev.anyrouter.store.Database;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Pool settings in SQL, one row per account and provider that has been configured. */
public final class PoolConfigStore {
    private final Database db;
    private final Clock clock;

    public PoolConfigStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The account's settings for the provider's pool; empty when never configured. */
    public Optional<PoolConfig> find(String accountId, String provider) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT strategy, fallback_to_credits, credits_without_keys FROM key_pools WHERE account_id = ? AND provider = ?")) {
                ps.setString(1, accountId);
                ps.setString(2, provider);
                try (var rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(config(rs.getString(1), rs.getInt(2), rs.getInt(3)))
                            : Optional.<PoolConfig>empty();
                }
            }
        });
    }

    /** Every pool the account configured, by provider id. */
    public Map<String, PoolConfig> list(String accountId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT provider, strategy, fallback_to_credits, credits_without_keys FROM key_pools WHERE account_id = ? ORDER BY provider")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    Map<String, PoolConfig> out = new LinkedHashMap<>();
                    while (rs.next()) {
                        out.put(rs.getString(1), config(rs.getString(2), rs.getInt(3), rs.getInt(4)));
                    }
                    return out;
                }
            }
        });
    }

    /** Creates or replaces the account's settings for the provider's pool. */
    public void put(String accountId, String provider, PoolConfig config) {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO key_pools (account_id, provider, strategy, fallback_to_credits, credits_without_keys,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, provider) DO UPDATE SET strategy = excluded.strategy,"
                    + " fallback_to_credits = excluded.fallback_to_credits, credits_without_keys = excluded.credits_without_keys,"
                    + " updated_at = excluded.updated_at")) {
                ps.setString(1, accountId);
                ps.setString(2, provider);
                ps.setString(3, config.strategy().name());
                ps.setInt(4, config.credits() == PoolCredits.FALLBACK ? 1 : 0);
                ps.setInt(5, config.credits() == PoolCredits.NEVER ? 0 : 1);
                ps.setLong(6, clock.millis());
                return ps.executeUpdate();
            }
        });
    }

    private static PoolConfig config(String strategy, int fallback, int withoutKeys) {
        PoolCredits credits = fallback == 1 ? PoolCredits.FALLBACK : withoutKeys == 1 ? PoolCredits.WITHOUT_KEYS : PoolCredits.NEVER;
        return new PoolConfig(PoolStrategy.valueOf(strategy), credits);
    }
}
