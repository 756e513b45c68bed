package dev.anyrouter.accounts;

import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * AnyRouter API keys. A key's plaintext is returned once, at creation; only its SHA-256 is stored,
 * so authentication is a lookup by hash. Revoked keys stay in the table (usage rows refer to them)
 * but never authenticate again.
 */
public final class ApiKeyStore {
    static final int MAX_NAME_LENGTH = 100;
    private static final String COLUMNS = "id, account_id, name, prefix, kind, created_at, last_used_at";

    private final Database db;
    private final SecureRandom random;
    private final Clock clock;
    private final ChangeFeed changes;

    /** A store over {@code db}, drawing keys from {@code random}, stamping times from {@code clock}; one node alone. */
    public ApiKeyStore(Database db, SecureRandom random, Clock clock) {
        this(db, random, clock, ChangeFeed.inProcess());
    }

    /** As above, telling every node through {@code changes} when a key is made or revoked. */
    public ApiKeyStore(Database db, SecureRandom random, Clock clock, ChangeFeed changes) {
        this.db = Objects.requireNonNull(db);
        this.random = Objects.requireNonNull(random);
        this.clock = Objects.requireNonNull(clock);
        this.changes = Objects.requireNonNull(changes);
    }

    /** Creates a key of {@code kind} for {@code accountId} in its own transaction. */
    public NewApiKey create(String accountId, String name, ApiKeyKind kind) {
        NewApiKey made = db.inTransaction(c -> createInTx(c, accountId, name, kind));
        changes.publish(new Change.ApiKeyCreated(accountId, made.info().id()));
        return made;
    }

    /**
     * Creates a key inside the caller's transaction (signup uses this).
     *
     * @throws IllegalArgumentException when the name is blank or longer than 100 characters
     */
    public NewApiKey createInTx(Connection c, String accountId, String name, ApiKeyKind kind) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        String cleanName = cleanName(name);
        String plaintext = ApiKeyFormat.generate(random);
        Instant now = clock.instant();
        var info = new ApiKeyInfo(UUID.randomUUID().toString(), accountId, cleanName,
                ApiKeyFormat.displayPrefix(plaintext), kind, Instant.ofEpochMilli(now.toEpochMilli()), null);
        try (var ps = c.prepareStatement(
                "INSERT INTO api_keys (id, account_id, name, prefix, kind, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, info.id());
            ps.setString(2, accountId);
            ps.setString(3, cleanName);
            ps.setString(4, info.prefix());
            ps.setString(5, kind.wireName());
            ps.setString(6, ApiKeyFormat.sha256Hex(plaintext));
            Columns.setInstant(ps, 7, info.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot create API key: " + e.getMessage(), e);
        }
        return new NewApiKey(info, plaintext);
    }

    /** The account's keys that are not revoked, newest first. */
    public List<ApiKeyInfo> list(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys"
                    + " WHERE account_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC")) {
                ps.setString(1, accountId);
                try (var rs = ps.executeQuery()) {
                    List<ApiKeyInfo> keys = new ArrayList<>();
                    while (rs.next()) {
                        keys.add(read(rs));
                    }
                    return keys;
                }
            }
        });
    }

    /**
     * Revokes the key, and tells every node, whose caches then drop it; false when it does not exist,
     * is already revoked, or belongs to another account.
     */
    public boolean revoke(String accountId, String keyId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        boolean revoked = db.inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL")) {
                Columns.setInstant(ps, 1, clock.instant());
                ps.setString(2, keyId);
                ps.setString(3, accountId);
                return ps.executeUpdate() == 1;
            }
        });
        if (revoked) changes.publish(new Change.ApiKeyRevoked(accountId, keyId));
        return revoked;
    }

    /**
     * The live key that {@code presented} is, if any. Malformed strings (wrong prefix, length or
     * checksum) are rejected before touching the database.
     */
    public Optional<ApiKeyInfo> authenticate(String presented) {
        if (!ApiKeyFormat.isWellFormed(presented)) {
            return Optional.empty();
        }
        String hash = ApiKeyFormat.sha256Hex(presented);
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")) {
                ps.setString(1, hash);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Records a use; an older timestamp than the stored one is ignored, so out-of-order calls are harmless. */
    public void touchLastUsed(String keyId, Instant when) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(when, "when");
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
                Columns.setInstant(ps, 1, when);
                ps.setString(2, keyId);
                Columns.setInstant(ps, 3, when);
                return ps.executeUpdate();
            }
        });
    }

    private static String cleanName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("an API key name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return clean;
    }

    private static ApiKeyInfo read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String kind = rs.getString("kind");
        return new ApiKeyInfo(id, rs.getString("account_id"), rs.getString("name"), rs.getString("prefix"),
                ApiKeyKind.fromWire(kind).orElseThrow(() -> new StoreException("API key " + id + " has an unknown kind '" + kind + "'")),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "last_used_at"));
    }
}
