package dev.anyrouter.keys;

import dev.anyrouter.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The model ids each provider key's own {@code /models} listed, stored per key. Every call names an
 * account and touches only that account's rows. A key's list goes when the key is deleted (foreign
 * key with cascade), so deleting through {@link ProviderKeyStore#delete} needs no extra step.
 */
public final class KeyModelStore {

    /**
     * One model an account's keys reach.
     *
     * @param provider the provider id of the key that listed it ({@code groq})
     * @param modelId the id exactly as the provider listed it ({@code openai/gpt-oss-120b})
     */
    public record ProviderModel(String provider, String modelId) {
        public ProviderModel {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(modelId, "modelId");
        }
    }

    private final Database db;
    private final Clock clock;

    /** A store over {@code db}; {@code clock} stamps when each list was taken. */
    public KeyModelStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Replaces the key's list with {@code modelIds} (blank ids dropped, duplicates kept once), in one
     * transaction. Returns false, storing nothing, when the key is not this account's.
     */
    public boolean replace(String accountId, String keyId, Collection<String> modelIds) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(modelIds, "modelIds");
        Set<String> ids = new LinkedHashSet<>();
        for (String id : modelIds) {
            if (id != null && !id.isBlank()) {
                ids.add(id.strip());
            }
        }
        long now = clock.millis();
        return db.inTransaction(c -> {
            if (!ownsKey(c, accountId, keyId)) {
                return false;
            }
            deleteIn(c, accountId, keyId);
            try (var ps = c.prepareStatement(
                    "INSERT INTO provider_key_models (key_id, account_id, model_id, listed_at) VALUES (?, ?, ?, ?)")) {
                for (String id : ids) {
                    ps.setString(1, keyId);
                    ps.setString(2, accountId);
                    ps.setString(3, id);
                    ps.setLong(4, now);
                    ps.addBatch();
                }
                if (!ids.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return true;
        });
    }

    /** The key's stored list, sorted; empty when none is stored or the key is not this account's. */
    public List<String> modelsOf(String accountId, String keyId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT model_id FROM provider_key_models WHERE account_id = ? AND key_id = ? ORDER BY model_id")) {
                ps.setString(1, accountId);
                ps.setString(2, keyId);
                try (var rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * The distinct (provider, model id) pairs the account's ACTIVE keys listed, by provider then model.
     * Disabled and quarantined keys contribute nothing. API-key scopes are not applied here.
     */
    public List<ProviderModel> reachable(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT DISTINCT k.provider, m.model_id FROM provider_key_models m"
                    + " JOIN provider_keys k ON k.id = m.key_id AND k.account_id = m.account_id"
                    + " WHERE m.account_id = ? AND k.status = 'ACTIVE' ORDER BY k.provider, m.model_id")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    List<ProviderModel> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new ProviderModel(rs.getString(1), rs.getString(2)));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * Every stored list of the account's keys, by key id (ids in each list sorted); keys with no
     * stored list are absent. One query, for the request path's cache of what an account reaches.
     */
    public java.util.Map<String, List<String>> listsByKey(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT key_id, model_id FROM provider_key_models WHERE account_id = ? ORDER BY key_id, model_id")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                    return out;
                }
            }
        });
    }

    /** Forgets the key's list (the cascade does this when the key itself is deleted); returns the rows removed. */
    public int delete(String accountId, String keyId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        return db.inTransaction(c -> deleteIn(c, accountId, keyId));
    }

    private static boolean ownsKey(Connection c, String accountId, String keyId) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM provider_keys WHERE id = ? AND account_id = ?")) {
            ps.setString(1, keyId);
            ps.setString(2, accountId);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int deleteIn(Connection c, String accountId, String keyId) throws SQLException {
        try (var ps = c.prepareStatement("DELETE FROM provider_key_models WHERE key_id = ? AND account_id = ?")) {
            ps.setString(1, keyId);
            ps.setString(2, accountId);
            return ps.executeUpdate();
        }
    }
}
