package dev.anyrouter.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anyrouter.store.Columns;
import dev.anyrouter.store.AccountCap;
import dev.anyrouter.store.AccountCapException;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import dev.anyrouter.vault.SealedCredential;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The BYOK provider keys in SQL. Every call that names an account touches only that account's
 * rows. The sealed credential is stored and returned as the vault produced it; this class never
 * sees a plaintext key.
 */
public final class ProviderKeyStore {
    private static final String COLUMNS = "id, account_id, provider, alias, masked, priority, weight, base_url, headers_json,"
            + " scope_json, status, status_reason, created_at, last_used_at, ciphertext, wrapped_key, key_version";
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};
    private static final TypeReference<List<String>> SCOPE = new TypeReference<>() {};

    private final Database db;
    private final Clock clock;
    private final AccountCap cap;
    private final ObjectMapper json = new ObjectMapper();

    /** A store over {@code db}; {@code clock} stamps each row's {@code updated_at} (an audit column, not in the record). No cap. */
    public ProviderKeyStore(Database db, Clock clock) {
        this(db, clock, AccountCap.none("provider keys"));
    }

    /** As above, refusing a new key to an account that has {@code maxPerAccount} ({@link AccountCapException}). */
    public ProviderKeyStore(Database db, Clock clock, int maxPerAccount) {
        this(db, clock, new AccountCap("provider keys", "ANYROUTER_MAX_BYOK_KEYS", maxPerAccount,
                "SELECT COUNT(*) FROM provider_keys WHERE account_id = ?"));
    }

    private ProviderKeyStore(Database db, Clock clock, AccountCap cap) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
        this.cap = cap;
    }

    /**
     * Refuses early when the account has no room for another key, so a full account makes no live
     * validation call; {@link #insert} checks again, in its own transaction.
     *
     * @throws AccountCapException when the account already has as many keys as allowed
     */
    public void requireRoomFor(String accountId) {
        int count = db.withConnection(c -> cap.count(c, accountId));
        if (count >= cap.max()) throw new AccountCapException(cap);
    }

    /**
     * Stores a new key. Its id is chosen by the caller because the vault binds it into the ciphertext.
     *
     * @throws AccountCapException when the account already has as many keys as allowed; nothing is stored
     */
    public void insert(ProviderKeyRecord r) {
        Objects.requireNonNull(r, "record");
        String headers = toJson(r.headers());
        String scope = toJson(r.scope());
        db.inTransaction(c -> {
            cap.checkRoomFor(c, db.isPostgres(), r.accountId());
            try (var ps = c.prepareStatement("INSERT INTO provider_keys (" + COLUMNS + ", updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setString(2, r.accountId());
                ps.setString(3, r.provider());
                ps.setString(4, r.alias());
                ps.setString(5, r.masked());
                ps.setInt(6, r.priority());
                ps.setInt(7, r.weight());
                Columns.setText(ps, 8, r.baseUrl());
                ps.setString(9, headers);
                ps.setString(10, scope);
                ps.setString(11, r.status().name());
                Columns.setText(ps, 12, r.statusReason());
                Columns.setInstant(ps, 13, r.createdAt());
                Columns.setInstant(ps, 14, r.lastUsedAt());
                ps.setString(15, r.ciphertext());
                ps.setString(16, r.wrappedKey());
                ps.setInt(17, r.keyVersion());
                ps.setLong(18, clock.millis());
                return ps.executeUpdate();
            }
        });
    }

    /** The account's key with this id; empty when there is none or it belongs to another account. */
    public Optional<ProviderKeyRecord> find(String accountId, String id) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(id, "id");
        return db.withConnection(c -> findIn(c, accountId, id));
    }

    /** All the account's keys, by provider, then priority, then creation. */
    public List<ProviderKeyRecord> list(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return query("SELECT " + COLUMNS + " FROM provider_keys WHERE account_id = ?"
                + " ORDER BY provider, priority, created_at, id", ps -> ps.setString(1, accountId));
    }

    /** The account's ACTIVE keys for one provider, in pool order: priority ascending, then oldest first. */
    public List<ProviderKeyRecord> activeFor(String accountId, String provider) {
        return forProvider(accountId, provider).stream().filter(k -> k.status() == KeyStatus.ACTIVE).toList();
    }

    /** All the account's keys for one provider, whatever their status, in pool order. */
    public List<ProviderKeyRecord> forProvider(String accountId, String provider) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(provider, "provider");
        return query("SELECT " + COLUMNS + " FROM provider_keys WHERE account_id = ? AND provider = ?"
                + " ORDER BY priority, created_at, id", ps -> {
                    ps.setString(1, accountId);
                    ps.setString(2, provider);
                });
    }

    /**
     * Applies the non-null fields of {@code patch} and returns the row as it now is; empty when the
     * key is not this account's. Only the patched columns are written, so a concurrent status change
     * by the router (a quarantine) is not undone by an unrelated edit.
     */
    public Optional<ProviderKeyRecord> update(String accountId, String id, KeyPatch patch) {
        return update(accountId, id, patch, null);
    }

    /**
     * A change of destination (base URL, headers) together with the credential re-sealed for it, in
     * one statement; {@code reseal.expected} is the row as it was read, and when its sealed columns
     * changed meanwhile (a master-key rotation re-wrapped it) nothing is written and this throws
     * {@link ResealConflict}, so the caller reads the row again and retries.
     */
    public record Reseal(ProviderKeyRecord expected, SealedCredential sealed) {}

    /** The row was re-sealed by someone else between read and write; nothing was changed. */
    public static final class ResealConflict extends RuntimeException {
        ResealConflict() {
            super("the key was re-sealed meanwhile", null, false, false);
        }
    }

    /** As {@link #update(String, String, KeyPatch)}, writing {@code reseal}'s credential too when it is not null. */
    public Optional<ProviderKeyRecord> update(String accountId, String id, KeyPatch patch, Reseal reseal) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
        if (patch.weight() != null && patch.weight() < 0) {
            throw new IllegalArgumentException("weight must not be negative");
        }
        List<String> sets = new ArrayList<>();
        List<Binder> binds = new ArrayList<>();
        if (patch.alias() != null) {
            sets.add("alias = ?");
            binds.add((ps, i) -> ps.setString(i, patch.alias()));
        }
        if (patch.priority() != null) {
            sets.add("priority = ?");
            binds.add((ps, i) -> ps.setInt(i, patch.priority()));
        }
        if (patch.weight() != null) {
            sets.add("weight = ?");
            binds.add((ps, i) -> ps.setInt(i, patch.weight()));
        }
        if (patch.baseUrl() != null) {
            String baseUrl = patch.baseUrl().isBlank() ? null : patch.baseUrl();
            sets.add("base_url = ?");
            binds.add((ps, i) -> Columns.setText(ps, i, baseUrl));
        }
        if (patch.headers() != null) {
            String headers = toJson(Map.copyOf(patch.headers()));
            sets.add("headers_json = ?");
            binds.add((ps, i) -> ps.setString(i, headers));
        }
        if (patch.scope() != null) {
            String scope = toJson(List.copyOf(patch.scope()));
            sets.add("scope_json = ?");
            binds.add((ps, i) -> ps.setString(i, scope));
        }
        if (patch.status() != null) {
            sets.add("status = ?");
            binds.add((ps, i) -> ps.setString(i, patch.status().name()));
            sets.add("status_reason = NULL");
        }
        if (reseal != null) {
            sets.add("ciphertext = ?");
            binds.add((ps, i) -> ps.setString(i, reseal.sealed().ciphertext()));
            sets.add("wrapped_key = ?");
            binds.add((ps, i) -> ps.setString(i, reseal.sealed().wrappedKey()));
            sets.add("key_version = ?");
            binds.add((ps, i) -> ps.setInt(i, reseal.sealed().keyVersion()));
        }
        if (!sets.isEmpty()) {
            sets.add("updated_at = ?");
            binds.add((ps, i) -> ps.setLong(i, clock.millis()));
        }
        String guard = reseal == null ? "" : " AND ciphertext = ? AND wrapped_key = ? AND key_version = ?";
        return db.inTransaction(c -> {
            if (!sets.isEmpty()) {
                try (var ps = c.prepareStatement(
                        "UPDATE provider_keys SET " + String.join(", ", sets) + " WHERE id = ? AND account_id = ?" + guard)) {
                    int i = 1;
                    for (Binder b : binds) {
                        b.bind(ps, i++);
                    }
                    ps.setString(i++, id);
                    ps.setString(i++, accountId);
                    if (reseal != null) {
                        ps.setString(i++, reseal.expected().ciphertext());
                        ps.setString(i++, reseal.expected().wrappedKey());
                        ps.setInt(i, reseal.expected().keyVersion());
                    }
                    if (ps.executeUpdate() == 0) {
                        if (reseal != null && findIn(c, accountId, id).isPresent()) throw new ResealConflict();
                        return Optional.empty();
                    }
                }
            }
            return findIn(c, accountId, id);
        });
    }

    /** Deletes the account's key; false when it is not this account's. */
    public boolean delete(String accountId, String id) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(id, "id");
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM provider_keys WHERE id = ? AND account_id = ?")) {
                ps.setString(1, id);
                ps.setString(2, accountId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Sets a key's health status (the router's quarantine and recovery); {@code reason} may be null. */
    public void setStatus(String id, KeyStatus status, String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE provider_keys SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                Columns.setText(ps, 2, reason);
                ps.setLong(3, clock.millis());
                ps.setString(4, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Records a use; an older timestamp than the stored one is ignored. */
    public void touchLastUsed(String id, Instant when) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(when, "when");
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "UPDATE provider_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
                Columns.setInstant(ps, 1, when);
                ps.setString(2, id);
                Columns.setInstant(ps, 3, when);
                return ps.executeUpdate();
            }
        });
    }

    /** Every key of every account, a page at a time in id order (after {@code afterId}, null for the first page). */
    public List<ProviderKeyRecord> page(String afterId, int limit) {
        return query("SELECT " + COLUMNS + " FROM provider_keys WHERE id > ? ORDER BY id LIMIT ?", ps -> {
            ps.setString(1, afterId == null ? "" : afterId);
            ps.setInt(2, Math.max(0, limit));
        });
    }

    /** How many keys are sealed under each master-key version. */
    public Map<Integer, Integer> countByKeyVersion() {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT key_version, COUNT(*) FROM provider_keys GROUP BY key_version");
                 var rs = ps.executeQuery()) {
                Map<Integer, Integer> counts = new java.util.TreeMap<>();
                while (rs.next()) counts.put(rs.getInt(1), rs.getInt(2));
                return counts;
            }
        });
    }

    /**
     * Keys of any account sealed under a key version other than {@code currentVersion}: the work
     * list of a master-key rotation, at most {@code limit} at a time.
     */
    public List<ProviderKeyRecord> sealedUnderOtherVersion(int currentVersion, int limit) {
        return sealedUnderOtherVersion(currentVersion, null, limit);
    }

    /** The same, a page at a time in id order: the rows after {@code afterId} (null for the first page). */
    public List<ProviderKeyRecord> sealedUnderOtherVersion(int currentVersion, String afterId, int limit) {
        return query("SELECT " + COLUMNS + " FROM provider_keys WHERE key_version <> ? AND id > ? ORDER BY id LIMIT ?", ps -> {
            ps.setInt(1, currentVersion);
            ps.setString(2, afterId == null ? "" : afterId);
            ps.setInt(3, Math.max(0, limit));
        });
    }

    /**
     * Replaces a key's sealed credential (re-wrap after rotation, or a new credential for the same
     * row), but only if the row still holds exactly what {@code current} holds, so two writers
     * cannot overwrite each other unseen.
     *
     * @return true when replaced; false when the row is gone or was sealed again meanwhile
     */
    public boolean reseal(ProviderKeyRecord current, String ciphertext, String wrappedKey, int keyVersion) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE provider_keys SET ciphertext = ?, wrapped_key = ?, key_version = ?, updated_at = ?"
                    + " WHERE id = ? AND account_id = ? AND ciphertext = ? AND wrapped_key = ? AND key_version = ?")) {
                ps.setString(1, ciphertext);
                ps.setString(2, wrappedKey);
                ps.setInt(3, keyVersion);
                ps.setLong(4, clock.millis());
                ps.setString(5, current.id());
                ps.setString(6, current.accountId());
                ps.setString(7, current.ciphertext());
                ps.setString(8, current.wrappedKey());
                ps.setInt(9, current.keyVersion());
                return ps.executeUpdate() == 1;
            }
        });
    }

    private Optional<ProviderKeyRecord> findIn(Connection c, String accountId, String id) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM provider_keys WHERE id = ? AND account_id = ?")) {
            ps.setString(1, id);
            ps.setString(2, accountId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private List<ProviderKeyRecord> query(String sql, Binder.All binder) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (var rs = ps.executeQuery()) {
                    List<ProviderKeyRecord> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                    return out;
                }
            }
        });
    }

    private ProviderKeyRecord read(ResultSet rs) throws SQLException {
        return new ProviderKeyRecord(rs.getString("id"), rs.getString("account_id"), rs.getString("provider"),
                rs.getString("alias"), rs.getString("masked"), rs.getInt("priority"), rs.getInt("weight"),
                rs.getString("base_url"), fromJson(rs.getString("headers_json"), HEADERS),
                fromJson(rs.getString("scope_json"), SCOPE), KeyStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"), Columns.instant(rs, "created_at"), Columns.instant(rs, "last_used_at"),
                rs.getString("ciphertext"), rs.getString("wrapped_key"), rs.getInt("key_version"));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode provider key settings as JSON");
        }
    }

    private <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            // No cause and no text: header values may hold secrets.
            throw new StoreException("a stored provider key has unreadable settings JSON");
        }
    }

    /** Binds one value at a position (used to build a patch's SET list). */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;

        /** Binds all of a query's parameters. */
        @FunctionalInterface
        interface All {
            void bind(PreparedStatement ps) throws SQLException;
        }
    }
}
