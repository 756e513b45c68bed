package dev.anyrouter.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A small name → value table for installation-wide facts (the vault's probe, schema-independent
 * flags). Not for per-account data and not for secrets in plaintext.
 */
public final class SettingsStore {
    private final Database db;

    /** A settings view over {@code db}. */
    public SettingsStore(Database db) {
        this.db = Objects.requireNonNull(db);
    }

    /** The value stored under {@code name}, if any. */
    public Optional<String> get(String name) {
        Objects.requireNonNull(name, "name");
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                ps.setString(1, name);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Stores {@code value} under {@code name}, replacing any earlier value. */
    public void put(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        db.inTransaction(c -> {
            // ON CONFLICT … DO UPDATE is the same syntax on SQLite (3.24+) and PostgreSQL (9.5+).
            try (var ps = c.prepareStatement(
                    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, name);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Stores {@code value} only if {@code name} has no value yet; safe when several nodes race.
     *
     * @return true when this call stored it
     */
    public boolean putIfAbsent(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, value);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
