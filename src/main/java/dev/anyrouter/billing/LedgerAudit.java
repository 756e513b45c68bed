package dev.anyrouter.billing;

import dev.anyrouter.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciliation: checks every invariant the ledger promises against the database, and names the
 * first row that breaks each.
 *
 * <ol>
 *   <li>{@code balance}: each account's running balance equals the sum of its entries;</li>
 *   <li>{@code overdraft}: no account's entries sum below zero;</li>
 *   <li>{@code held}: each account's held amount equals the sum of its open holds;</li>
 *   <li>{@code entry}: each entry's sign and counter book fit its kind (so the books sum to zero);</li>
 *   <li>{@code stale-hold}: no hold is open longer than the longest request may last;</li>
 *   <li>{@code settle}: a settled hold has its one debit entry, and a debit entry its settled hold;</li>
 *   <li>{@code unbilled}: every credits usage record has exactly one debit entry, unless its hold was
 *       released because nothing was served (then it must not be a served status);</li>
 *   <li>{@code unlogged}: every debit entry has its credits usage record;</li>
 *   <li>{@code credit-back}: every donation credit-back has its grant to the donor, of its amount, for a
 *       request that was charged, and every credit-back grant has its pool request.</li>
 * </ol>
 *
 * Rows younger than {@code grace} are left out of the last two checks: the usage log is written in
 * batches, shortly after the ledger. A request whose hold is still open is in flight and not checked.
 */
public final class LedgerAudit {
    /** One invariant broken by one row. */
    public record Breach(String invariant, String row, String detail) {
        /** The line the audit prints. */
        public String line() {
            return invariant + ": " + row + ": " + detail;
        }
    }

    /** What the audit read and the first breach of each invariant, in the order above. */
    public record Report(long accounts, long entries, long openHolds, long creditsRecords, List<Breach> breaches) {
        public Report {
            breaches = List.copyOf(breaches);
        }

        public boolean passed() {
            return breaches.isEmpty();
        }
    }

    private final Database db;
    private final Clock clock;
    private final Duration longestRequest;
    private final Duration grace;

    public LedgerAudit(Database db, Clock clock, Duration longestRequest, Duration grace) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
        this.longestRequest = Objects.requireNonNull(longestRequest);
        this.grace = Objects.requireNonNull(grace);
    }

    /** Runs every check in one read transaction, so they all see the same state. */
    public Report run() {
        long now = clock.millis();
        long settledBefore = now - grace.toMillis();
        return db.inTransaction(c -> {
            List<Breach> breaches = new ArrayList<>();
            first(c, "balance", "SELECT e.account_id, e.total, b.balance_micros FROM"
                    + " (SELECT account_id, SUM(amount_micros) AS total FROM ledger_entries GROUP BY account_id) e"
                    + " LEFT JOIN credit_balances b ON b.account_id = e.account_id"
                    + " WHERE b.balance_micros IS NULL OR b.balance_micros <> e.total ORDER BY e.account_id", null,
                    rs -> "account " + rs.getString(1), rs -> "its entries sum to " + Usd.text(rs.getLong(2))
                            + " but its running balance is " + (rs.getObject(3) == null ? "missing" : Usd.text(rs.getLong(3))))
                    .or(() -> first(c, "balance", "SELECT b.account_id, b.balance_micros FROM credit_balances b WHERE b.balance_micros <> 0"
                            + " AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.account_id = b.account_id) ORDER BY b.account_id",
                            null, rs -> "account " + rs.getString(1),
                            rs -> "it has no entries but a running balance of " + Usd.text(rs.getLong(2))))
                    .ifPresent(breaches::add);
            first(c, "overdraft", "SELECT account_id, SUM(amount_micros) FROM ledger_entries GROUP BY account_id"
                    + " HAVING SUM(amount_micros) < 0 ORDER BY account_id", null,
                    rs -> "account " + rs.getString(1), rs -> "its entries sum to " + Usd.text(rs.getLong(2)))
                    .ifPresent(breaches::add);
            first(c, "held", "SELECT b.account_id, b.held_micros, COALESCE(h.total, 0) FROM credit_balances b"
                    + " LEFT JOIN (SELECT account_id, SUM(amount_micros) AS total FROM credit_holds WHERE state = 'held'"
                    + " GROUP BY account_id) h ON h.account_id = b.account_id"
                    + " WHERE b.held_micros <> COALESCE(h.total, 0) ORDER BY b.account_id", null,
                    rs -> "account " + rs.getString(1), rs -> "it says " + Usd.text(rs.getLong(2)) + " is held but its open holds sum to "
                            + Usd.text(rs.getLong(3)))
                    .ifPresent(breaches::add);
            first(c, "entry", "SELECT id, kind, amount_micros, counter_account FROM ledger_entries WHERE"
                    + " (kind = 'debit' AND (amount_micros > 0 OR counter_account <> '" + Ledger.REVENUE_BOOK + "'))"
                    + " OR (kind <> 'debit' AND (amount_micros <= 0 OR counter_account <> '" + Ledger.GRANTS_BOOK + "')) ORDER BY id",
                    null, rs -> "entry " + rs.getString(1), rs -> "a " + rs.getString(2) + " of " + Usd.text(rs.getLong(3))
                            + " against " + rs.getString(4))
                    .ifPresent(breaches::add);
            first(c, "stale-hold", "SELECT account_id, request_id, created_at FROM credit_holds WHERE state = 'held' AND created_at < ?"
                    + " ORDER BY created_at, request_id", now - longestRequest.toMillis(),
                    rs -> "hold of request " + rs.getString(2) + " (account " + rs.getString(1) + ")",
                    rs -> "open since " + Instant.ofEpochMilli(rs.getLong(3)) + ", longer than the longest request ("
                            + longestRequest.toSeconds() + " s)")
                    .ifPresent(breaches::add);
            first(c, "settle", "SELECT h.account_id, h.request_id FROM credit_holds h WHERE h.state = 'settled' AND NOT EXISTS"
                    + " (SELECT 1 FROM ledger_entries e WHERE e.account_id = h.account_id AND e.kind = 'debit' AND e.request_id = h.request_id)"
                    + " ORDER BY h.request_id", null,
                    rs -> "hold of request " + rs.getString(2) + " (account " + rs.getString(1) + ")",
                    rs -> "settled without a debit entry")
                    .or(() -> first(c, "settle", "SELECT e.id, e.request_id FROM ledger_entries e WHERE e.kind = 'debit' AND NOT EXISTS"
                            + " (SELECT 1 FROM credit_holds h WHERE h.account_id = e.account_id AND h.request_id = e.request_id"
                            + " AND h.state = 'settled') ORDER BY e.id", null,
                            rs -> "entry " + rs.getString(1), rs -> "a debit for request " + rs.getString(2) + " with no settled hold"))
                    .ifPresent(breaches::add);
            first(c, "unbilled", "SELECT u.id, u.status, h.state FROM usage_records u"
                    + " LEFT JOIN credit_holds h ON h.account_id = u.account_id AND h.request_id = u.id"
                    + " WHERE u.billing = 'credits' AND u.created_at < ? AND (h.state IS NULL OR h.state <> 'held') AND ("
                    + "   (h.state IS NULL OR h.state <> 'voided' OR u.status / 100 = 2 OR u.status = 499) AND NOT EXISTS"
                    + "   (SELECT 1 FROM ledger_entries e WHERE e.account_id = u.account_id AND e.kind = 'debit' AND e.request_id = u.id))"
                    + " ORDER BY u.created_at, u.id", settledBefore,
                    rs -> "usage record " + rs.getString(1),
                    rs -> "a credits request (status " + rs.getInt(2) + ") with no debit entry"
                            + (rs.getString(3) == null ? " and no hold" : "; its hold was " + rs.getString(3)))
                    .ifPresent(breaches::add);
            first(c, "unlogged", "SELECT e.id, e.request_id FROM ledger_entries e WHERE e.kind = 'debit' AND e.created_at < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM usage_records u WHERE u.id = e.request_id AND u.account_id = e.account_id"
                    + " AND u.billing = 'credits') ORDER BY e.created_at, e.id", settledBefore,
                    rs -> "entry " + rs.getString(1), rs -> "a debit for request " + rs.getString(2) + " with no credits usage record")
                    .ifPresent(breaches::add);
            first(c, "credit-back", "SELECT p.request_id, p.credit_micros FROM pool_credits p WHERE p.credit_micros > 0 AND NOT EXISTS"
                    + " (SELECT 1 FROM ledger_entries e WHERE e.account_id = p.donor_account_id AND e.kind = 'grant'"
                    + " AND e.request_id = p.credit_id AND e.amount_micros = p.credit_micros) ORDER BY p.request_id", null,
                    rs -> "pool credit of request " + rs.getString(1), rs -> "no grant of " + Usd.text(rs.getLong(2)) + " to its donor")
                    .or(() -> first(c, "credit-back", "SELECT p.request_id FROM pool_credits p WHERE NOT EXISTS"
                            + " (SELECT 1 FROM ledger_entries e WHERE e.kind = 'debit' AND e.request_id = p.request_id)"
                            + " ORDER BY p.request_id", null,
                            rs -> "pool credit of request " + rs.getString(1), rs -> "credited for a request that was never charged"))
                    .or(() -> first(c, "credit-back", "SELECT e.id FROM ledger_entries e WHERE e.kind = 'grant' AND e.request_id LIKE '"
                            + PoolCredits.CREDIT_PREFIX + "%' AND NOT EXISTS (SELECT 1 FROM pool_credits p WHERE p.credit_id = e.request_id)"
                            + " ORDER BY e.id", null, rs -> "entry " + rs.getString(1), rs -> "a pool credit-back with no pool request"))
                    .ifPresent(breaches::add);
            return new Report(count(c, "SELECT COUNT(*) FROM credit_balances"), count(c, "SELECT COUNT(*) FROM ledger_entries"),
                    count(c, "SELECT COUNT(*) FROM credit_holds WHERE state = 'held'"),
                    count(c, "SELECT COUNT(*) FROM usage_records WHERE billing = 'credits'"), breaches);
        });
    }

    @FunctionalInterface
    private interface Column {
        String of(java.sql.ResultSet rs) throws SQLException;
    }

    private static Optional<Breach> first(Connection c, String invariant, String sql, Long param, Column row, Column detail) {
        try (var ps = c.prepareStatement(sql)) {
            if (param != null) ps.setLong(1, param);
            ps.setMaxRows(1);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Breach(invariant, row.of(rs), detail.of(rs))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new dev.anyrouter.store.StoreException("audit query '" + invariant + "' failed: " + e.getMessage(), e);
        }
    }

    private static long count(Connection c, String sql) {
        try (var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new dev.anyrouter.store.StoreException("audit count failed: " + e.getMessage(), e);
        }
    }
}
