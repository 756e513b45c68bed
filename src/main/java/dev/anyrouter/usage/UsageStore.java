package dev.anyrouter.usage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The request log in SQL. Rows are written in batches by the usage writer and read per account,
 * newest first, with a keyset cursor (the id of the last row seen) so paging stays cheap however
 * long the log grows.
 */
public final class UsageStore implements UsageSink {
    /** The most rows one {@link #list} call returns. */
    public static final int MAX_PAGE = 1_000;
    private static final String COLUMNS = "id, created_at, account_id, api_key_id, model, provider, key_id, key_alias, status,"
            + " error_code, stream, input_tokens, output_tokens, cached_tokens, latency_ms, ttft_ms, app_referer, app_title,"
            + " attempts_json, billing, cost_micros, requested_model, usage_source";
    private static final TypeReference<List<AttemptTrace>> TRACE = new TypeReference<>() {};
    // Resolved once, not per record: writing traces was a sixth of the usage writer's CPU samples.
    private static final ObjectReader TRACE_READER = Json.MAPPER.readerFor(TRACE);

    private final Database db;

    /** A usage log over {@code db}. */
    public UsageStore(Database db) {
        this.db = Objects.requireNonNull(db);
    }

    /**
     * Writes the batch in one transaction. Records whose id is already stored are skipped, so a
     * batch retried after an uncertain failure never doubles a row.
     */
    @Override
    public void insertBatch(List<UsageRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        db.inTransaction(c -> insert(c, batch));
    }

    /**
     * Writes one record inside the caller's transaction (a credits request's, beside its settle);
     * skipped when its id is already stored.
     */
    public static void insertInTx(Connection c, UsageRecord record) throws SQLException {
        insert(c, List.of(record));
    }

    private static int[] insert(Connection c, List<UsageRecord> batch) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO usage_records (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            for (UsageRecord r : batch) {
                bind(ps, r);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /**
     * The account's records, newest first: at most {@code limit} (capped at {@value #MAX_PAGE}),
     * older than the record {@code beforeId} when given. A cursor that is not one of the account's
     * records yields an empty page.
     */
    public List<UsageRecord> list(String accountId, int limit, String beforeId) {
        Objects.requireNonNull(accountId, "accountId");
        int bounded = Math.clamp(limit, 0, MAX_PAGE);
        if (bounded == 0) {
            return List.of();
        }
        return db.withConnection(c -> {
            if (beforeId == null) {
                try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM usage_records WHERE account_id = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                    ps.setString(1, accountId);
                    ps.setInt(2, bounded);
                    return readAll(ps.executeQuery());
                }
            }
            Optional<Long> cursorAt = createdAt(c, accountId, beforeId);
            if (cursorAt.isEmpty()) {
                return List.of();
            }
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM usage_records WHERE account_id = ?"
                    + " AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, accountId);
                ps.setLong(2, cursorAt.get());
                ps.setLong(3, cursorAt.get());
                ps.setString(4, beforeId);
                ps.setInt(5, bounded);
                return readAll(ps.executeQuery());
            }
        });
    }

    /** One of the account's records; empty for an unknown id or another account's record. */
    public Optional<UsageRecord> find(String accountId, String id) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(id, "id");
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM usage_records WHERE account_id = ? AND id = ?")) {
                ps.setString(1, accountId);
                ps.setString(2, id);
                List<UsageRecord> found = readAll(ps.executeQuery());
                return found.stream().findFirst();
            }
        });
    }

    private static Optional<Long> createdAt(Connection c, String accountId, String id) throws SQLException {
        try (var ps = c.prepareStatement("SELECT created_at FROM usage_records WHERE account_id = ? AND id = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement ps, UsageRecord r) throws SQLException {
        ps.setString(1, r.id());
        Columns.setInstant(ps, 2, r.at());
        ps.setString(3, r.accountId());
        Columns.setText(ps, 4, r.apiKeyId());
        Columns.setText(ps, 5, r.model());
        Columns.setText(ps, 6, r.provider());
        Columns.setText(ps, 7, r.keyId());
        Columns.setText(ps, 8, r.keyAlias());
        ps.setInt(9, r.status());
        Columns.setText(ps, 10, r.errorCode());
        ps.setInt(11, r.stream() ? 1 : 0);
        ps.setLong(12, r.inputTokens());
        ps.setLong(13, r.outputTokens());
        ps.setLong(14, r.cachedTokens());
        ps.setLong(15, r.latencyMs());
        Columns.setLong(ps, 16, r.ttftMs());
        Columns.setText(ps, 17, r.appReferer());
        Columns.setText(ps, 18, r.appTitle());
        Columns.setText(ps, 19, TraceText.of(r.attempts()));
        Columns.setText(ps, 20, r.billing());
        ps.setLong(21, r.costMicros());
        Columns.setText(ps, 22, r.requestedModel());
        Columns.setText(ps, 23, r.usageSource());
    }

    private static List<AttemptTrace> trace(String json) {
        if (json == null || json.isEmpty()) return List.of();
        try {
            return TRACE_READER.readValue(json);
        } catch (java.io.IOException e) {
            return List.of(); // a trace we cannot read does not hide the rest of the record
        }
    }

    private static List<UsageRecord> readAll(ResultSet rs) throws SQLException {
        try (rs) {
            List<UsageRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new UsageRecord(rs.getString("id"), Columns.instant(rs, "created_at"), rs.getString("account_id"),
                        rs.getString("api_key_id"), rs.getString("model"), rs.getString("provider"), rs.getString("key_id"),
                        rs.getString("key_alias"), rs.getInt("status"), rs.getString("error_code"), rs.getInt("stream") == 1,
                        rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cached_tokens"),
                        rs.getLong("latency_ms"), Columns.nullableLong(rs, "ttft_ms"), rs.getString("app_referer"),
                        rs.getString("app_title"), trace(rs.getString("attempts_json")), rs.getString("billing"),
                        rs.getLong("cost_micros"), rs.getString("requested_model"), rs.getString("usage_source")));
            }
            return out;
        }
    }
}
