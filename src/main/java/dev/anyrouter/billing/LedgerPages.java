package dev.anyrouter.billing;

import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An account's ledger read a page at a time, newest first, with a keyset cursor (the id of the
 * last entry seen), so a client can walk the whole ledger however long it grows and each page
 * costs one index range scan.
 */
public final class LedgerPages {
    /** The most entries one page holds. */
    public static final int MAX_LIMIT = 1_000;
    private static final String COLUMNS = "id, account_id, amount_micros, kind, request_id, memo, created_at, counter_account";

    /** The cursor names no entry of this account. */
    public static final class UnknownCursorException extends IllegalArgumentException {
        UnknownCursorException() {
            super("'before' is not the id of one of your ledger entries: pass the next_before of the previous page");
        }
    }

    private final Database db;

    public LedgerPages(Database db) {
        this.db = Objects.requireNonNull(db);
    }

    /**
     * Up to {@code limit} of the account's entries (clamped to 0..{@value #MAX_LIMIT}), older than
     * the entry {@code beforeId} when given.
     *
     * @throws UnknownCursorException when {@code beforeId} is not one of the account's entries
     */
    public LedgerPage page(String accountId, int limit, String beforeId) {
        Objects.requireNonNull(accountId, "accountId");
        int bounded = Math.clamp(limit, 0, MAX_LIMIT);
        return db.withConnection(c -> {
            List<LedgerEntry> rows;
            if (beforeId == null) {
                try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ledger_entries WHERE account_id = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                    ps.setString(1, accountId);
                    ps.setInt(2, bounded + 1);
                    rows = read(ps);
                }
            } else {
                long at = createdAt(c, accountId, beforeId).orElseThrow(UnknownCursorException::new);
                try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ledger_entries WHERE account_id = ?"
                        + " AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?")) {
                    ps.setString(1, accountId);
                    ps.setLong(2, at);
                    ps.setLong(3, at);
                    ps.setString(4, beforeId);
                    ps.setInt(5, bounded + 1);
                    rows = read(ps);
                }
            }
            // One row past the limit was asked for only to learn whether an older page exists.
            boolean more = rows.size() > bounded;
            List<LedgerEntry> shown = more ? rows.subList(0, bounded) : rows;
            return new LedgerPage(shown, more && !shown.isEmpty() ? shown.getLast().id() : null);
        });
    }

    private static OptionalLong createdAt(Connection c, String accountId, String id) throws SQLException {
        try (var ps = c.prepareStatement("SELECT created_at FROM ledger_entries WHERE account_id = ? AND id = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static List<LedgerEntry> read(PreparedStatement ps) throws SQLException {
        try (var rs = ps.executeQuery()) {
            List<LedgerEntry> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new LedgerEntry(rs.getString("id"), rs.getString("account_id"), rs.getLong("amount_micros"),
                        rs.getString("kind"), rs.getString("request_id"), rs.getString("memo"),
                        Columns.instant(rs, "created_at"), rs.getString("counter_account")));
            }
            return out;
        }
    }
}
