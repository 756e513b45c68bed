package dev.anyrouter.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.store.Columns;
import dev.anyrouter.store.AccountCap;
import dev.anyrouter.store.AccountCapException;
import dev.anyrouter.store.Database;
import java.nio.charset.StandardCharsets;
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
 * Presets in SQL, one row each, its settings kept as one JSON document. Every call names an
 * account and touches only that account's rows.
 */
public final class PresetStore {
    private final Database db;
    private final Clock clock;
    private final AccountCap cap;

    /** A store with no cap on presets per account. */
    public PresetStore(Database db, Clock clock) {
        this(db, clock, AccountCap.none("presets"));
    }

    /** A store refusing a new preset to an account that has {@code maxPerAccount} ({@link AccountCapException}). */
    public PresetStore(Database db, Clock clock, int maxPerAccount) {
        this(db, clock, new AccountCap("presets", "ANYROUTER_MAX_PRESETS", maxPerAccount,
                "SELECT COUNT(*) FROM presets WHERE account_id = ?"));
    }

    private PresetStore(Database db, Clock clock, AccountCap cap) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cap = cap;
    }

    /** The account's presets, by name. */
    public List<Preset> list(String accountId) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT * FROM presets WHERE account_id = ? ORDER BY name")) {
                ps.setString(1, accountId);
                return readAll(ps.executeQuery());
            }
        });
    }

    /** The account's preset of that name. */
    public Optional<Preset> find(String accountId, String name) {
        return db.withConnection(c -> find(c, accountId, name));
    }

    /**
     * Stores the preset under its name: a new one is created (with a fresh id), an existing one is
     * replaced whole, keeping its id and creation time. Returns what was stored.
     *
     * @throws AccountCapException when a new one would exceed the account's cap; nothing is stored
     */
    public Preset put(Preset draft) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Optional<Preset> existing = find(c, draft.accountId(), draft.name());
            String json = new String(Json.bytes(toJson(draft)), StandardCharsets.UTF_8);
            if (existing.isPresent()) {
                try (var ps = c.prepareStatement("UPDATE presets SET config_json = ?, updated_at = ? WHERE id = ? AND account_id = ?")) {
                    ps.setString(1, json);
                    Columns.setInstant(ps, 2, now);
                    ps.setString(3, existing.get().id());
                    ps.setString(4, draft.accountId());
                    ps.executeUpdate();
                }
                return with(draft, existing.get().id(), existing.get().createdAt(), now);
            }
            cap.checkRoomFor(c, db.isPostgres(), draft.accountId());
            String id = UUID.randomUUID().toString();
            try (var ps = c.prepareStatement("INSERT INTO presets (id, account_id, name, config_json, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, draft.accountId());
                ps.setString(3, draft.name());
                ps.setString(4, json);
                Columns.setInstant(ps, 5, now);
                Columns.setInstant(ps, 6, now);
                ps.executeUpdate();
            }
            return with(draft, id, now, now);
        });
    }

    /** Deletes the account's preset of that name; false when it has none. */
    public boolean delete(String accountId, String name) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("DELETE FROM presets WHERE account_id = ? AND name = ?")) {
                ps.setString(1, accountId);
                ps.setString(2, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static Optional<Preset> find(Connection c, String accountId, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT * FROM presets WHERE account_id = ? AND name = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, name);
            return readAll(ps.executeQuery()).stream().findFirst();
        }
    }

    private static Preset with(Preset p, String id, Instant created, Instant updated) {
        return new Preset(id, p.accountId(), p.name(), p.models(), p.providerOrder(), p.fallbackToCredits(), p.systemPrompt(),
                p.parameters(), p.pins(), created, updated);
    }

    private static ObjectNode toJson(Preset p) {
        ObjectNode root = Json.object();
        ArrayNode models = root.putArray("models");
        p.models().forEach(models::add);
        ArrayNode order = root.putArray("provider_order");
        p.providerOrder().forEach(order::add);
        if (p.fallbackToCredits() != null) root.put("fallback_to_credits", p.fallbackToCredits());
        if (p.systemPrompt() != null) root.put("system_prompt", p.systemPrompt());
        root.set("parameters", p.parameters());
        ArrayNode pins = root.putArray("pins");
        for (Preset.Pin pin : p.pins()) {
            pins.addObject().put("model", pin.model()).put("key_id", pin.keyId()).put("provider", pin.provider())
                    .put("upstream_model", pin.upstreamModel());
        }
        return root;
    }

    private static List<Preset> readAll(ResultSet rs) throws SQLException {
        try (rs) {
            List<Preset> out = new ArrayList<>();
            while (rs.next()) {
                JsonNode config = Json.parse(rs.getString("config_json").getBytes(StandardCharsets.UTF_8));
                out.add(new Preset(rs.getString("id"), rs.getString("account_id"), rs.getString("name"),
                        texts(config.get("models")), texts(config.get("provider_order")),
                        config.hasNonNull("fallback_to_credits") ? config.get("fallback_to_credits").asBoolean() : null,
                        config.hasNonNull("system_prompt") ? config.get("system_prompt").asText() : null,
                        config.get("parameters") instanceof ObjectNode o ? o : null, pins(config.get("pins")),
                        Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at")));
            }
            return out;
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<Preset.Pin> pins(JsonNode array) {
        List<Preset.Pin> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(new Preset.Pin(n.path("model").asText(), n.path("key_id").asText(),
                    n.path("provider").asText(), n.path("upstream_model").asText())));
        }
        return out;
    }
}
