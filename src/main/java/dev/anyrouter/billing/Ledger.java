package dev.anyrouter.billing;

import dev.anyrouter.store.Columns;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The credits ledger. Entries are only ever appended; an account's balance is by definition the
 * sum of its entries, so it can never drift from them. A debit carries the id of the request it
 * pays for, and a second debit for the same request is ignored: retries and replays bill once.
 */
public final class Ledger {
    /** Credits given for free (the signup grant, a donation credit-back). */
    public static final String GRANT = "grant";
    /** Credits spent on a request. */
    public static final String DEBIT = "debit";
    /** Credits bought. */
    public static final String TOPUP = "topup";
    private static final Set<String> KINDS = Set.of(GRANT, DEBIT, TOPUP);
    static final int MAX_ENTRIES = 10_000;

    private final Database db;
    private final Clock clock;

    /** A ledger over {@code db}, stamping entries from {@code clock}. */
    public Ledger(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Appends an entry inside the caller's transaction.
     *
     * @param amountMicros positive for grant and topup; zero or negative for debit
     * @param requestId the request a debit pays for (nullable); at most one entry per account, kind and request
     * @return true when written, false when an entry of this kind for this request already exists
     * @throws IllegalArgumentException for an unknown kind or an amount whose sign does not fit it
     */
    public boolean appendInTx(Connection c, String accountId, long amountMicros, String kind, String requestId, String memo) {
        Objects.requireNonNull(accountId, "accountId");
        checkAmount(kind, amountMicros);
        try (var ps = c.prepareStatement("INSERT INTO ledger_entries"
                + " (id, account_id, amount_micros, kind, request_id, memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, accountId);
            ps.setLong(3, amountMicros);
            ps.setString(4, kind);
            Columns.setText(ps, 5, requestId);
            ps.setString(6, memo == null ? "" : memo);
            ps.setLong(7, clock.millis());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot append ledger entry: " + e.getMessage(), e);
        }
    }

    /** {@link #appendInTx} in a transaction of its own. */
    public boolean append(String accountId, long amountMicros, String kind, String requestId, String memo) {
        return db.inTransaction(c -> appendInTx(c, accountId, amountMicros, kind, requestId, memo));
    }

    /** The account's balance: the sum of its entries (0 for an account with none). */
    public long balanceMicros(String accountId) {
        return db.withConnection(c -> balanceMicrosInTx(c, accountId));
    }

    /** The balance as seen inside the caller's transaction (to check funds before a debit). */
    public long balanceMicrosInTx(Connection c, String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        try (var ps = c.prepareStatement("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries WHERE account_id = ?")) {
            ps.setString(1, accountId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read balance: " + e.getMessage(), e);
        }
    }

    /** The account's entries, newest first (at most 10,000; use the limited form for pages). */
    public List<LedgerEntry> entries(String accountId) {
        return entries(accountId, MAX_ENTRIES);
    }

    /** The account's newest {@code limit} entries, newest first. */
    public List<LedgerEntry> entries(String accountId, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        int bounded = Math.clamp(limit, 0, MAX_ENTRIES);
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT id, account_id, amount_micros, kind, request_id, memo, created_at"
                    + " FROM ledger_entries WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, accountId);
                ps.setInt(2, bounded);
                try (var rs = ps.executeQuery()) {
                    List<LedgerEntry> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new LedgerEntry(rs.getString("id"), rs.getString("account_id"), rs.getLong("amount_micros"),
                                rs.getString("kind"), rs.getString("request_id"), rs.getString("memo"),
                                Columns.instant(rs, "created_at")));
                    }
                    return out;
                }
            }
        });
    }

    private static void checkAmount(String kind, long amountMicros) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("ledger kind must be one of " + KINDS + ", not " + kind);
        }
        boolean fits = kind.equals(DEBIT) ? amountMicros <= 0 : amountMicros > 0;
        if (!fits) {
            throw new IllegalArgumentException(kind.equals(DEBIT)
                    ? "a debit is recorded as a negative amount (it lowers the balance)"
                    : "a " + kind + " must be a positive amount");
        }
    }
}
