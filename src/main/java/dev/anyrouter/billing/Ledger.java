package dev.anyrouter.billing;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.SqlWork;
import dev.anyrouter.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The credits ledger, double-entry and append-only. Every entry moves an amount between an
 * account and a counter book ({@value #GRANTS_BOOK} or {@value #REVENUE_BOOK}), so the books
 * always sum to zero; an account's balance is the sum of its entries, and a running copy of it
 * (with the credit held for requests in flight) is kept in the same transaction, so that a
 * reservation is one conditional UPDATE, atomic on SQLite and PostgreSQL alike.
 *
 * <p>A paid request goes: {@link #reserve} before the call (refused if it could overdraw),
 * then {@link #settle} once by the usage the upstream reported, or {@link #release} when it
 * failed. Each step happens at most once per request, whatever is retried; a debit never takes
 * a balance below zero. All calls block.
 */
public final class Ledger {
    /** Credits given for free (the signup grant, an operator's grant, a donation credit-back). */
    public static final String GRANT = "grant";
    /** Credits spent on a request. */
    public static final String DEBIT = "debit";
    /** Credits bought. */
    public static final String TOPUP = "topup";
    /** The counter book of grants and top-ups: its balance is minus all credit ever issued. */
    public static final String GRANTS_BOOK = "system:grants";
    /** The counter book of debits: its balance is all credit ever spent. */
    public static final String REVENUE_BOOK = "system:revenue";
    private static final Set<String> KINDS = Set.of(GRANT, DEBIT, TOPUP);
    static final int MAX_ENTRIES = 10_000;

    /** The node of a ledger made without one: a single gateway (or a tool that takes no holds). */
    static final String LOCAL_NODE = "local";

    private final Database db;
    private final Clock clock;
    private final String nodeId;
    private final LedgerPages pages;

    /** A ledger over {@code db}, stamping entries from {@code clock}, taking holds as node {@value #LOCAL_NODE}. */
    public Ledger(Database db, Clock clock) {
        this(db, clock, LOCAL_NODE);
    }

    /** A ledger whose holds are marked as taken by gateway node {@code nodeId}, which releases them when it starts again. */
    public Ledger(Database db, Clock clock, String nodeId) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
        this.nodeId = Objects.requireNonNull(nodeId);
        this.pages = new LedgerPages(db);
    }

    /**
     * Appends an entry inside the caller's transaction and moves the running balance with it.
     *
     * @param amountMicros positive for grant and topup; zero or negative for debit
     * @param requestId the request that made the entry; null names a new one. At most one entry per
     *     account, kind and request.
     * @return true when written, false when an entry of this kind for this request already exists
     * @throws IllegalArgumentException for an unknown kind or an amount whose sign does not fit it
     * @throws InsufficientCreditException when a debit would take the balance below zero
     */
    public boolean appendInTx(Connection c, String accountId, long amountMicros, String kind, String requestId, String memo) {
        Objects.requireNonNull(accountId, "accountId");
        checkAmount(kind, amountMicros);
        try {
            if (kind.equals(DEBIT) && amountMicros < 0 && !takeFromBalance(c, accountId, -amountMicros)) {
                throw new InsufficientCreditException();
            }
            boolean written = insertEntry(c, accountId, amountMicros, kind, requestId, memo);
            if (!written && kind.equals(DEBIT) && amountMicros < 0) {
                giveBackToBalance(c, accountId, -amountMicros);
            } else if (written && !kind.equals(DEBIT)) {
                addToBalance(c, accountId, amountMicros);
            }
            return written;
        } catch (SQLException e) {
            throw new StoreException("cannot append ledger entry: " + e.getMessage(), e);
        }
    }

    /** {@link #appendInTx} in a transaction of its own. */
    public boolean append(String accountId, long amountMicros, String kind, String requestId, String memo) {
        return db.inTransaction(c -> appendInTx(c, accountId, amountMicros, kind, requestId, memo));
    }

    /** Gives credit for free; {@code requestId} makes a repeated grant (a retried admin call) a no-op. */
    public boolean grant(String accountId, long amountMicros, String requestId, String memo) {
        return append(accountId, amountMicros, GRANT, requestId, memo);
    }

    /**
     * Holds {@code amountMicros} for the request if the balance, less what other requests hold,
     * covers it. One conditional UPDATE decides, so concurrent requests cannot overdraw. Asking
     * again for the same request holds nothing more.
     */
    public Reservation reserve(String accountId, String requestId, long amountMicros) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(requestId, "requestId");
        if (amountMicros < 0) throw new IllegalArgumentException("a reservation cannot be negative");
        return db.inTransaction(c -> {
            Long existing = heldFor(c, accountId, requestId);
            if (existing != null) return new Reservation.Held(requestId, existing);
            try (var ps = c.prepareStatement("UPDATE credit_balances SET held_micros = held_micros + ?"
                    + " WHERE account_id = ? AND balance_micros - held_micros >= ?")) {
                ps.setLong(1, amountMicros);
                ps.setString(2, accountId);
                ps.setLong(3, amountMicros);
                if (ps.executeUpdate() == 0) return new Reservation.Insufficient(availableInTx(c, accountId), amountMicros);
            }
            if (!insertHold(c, accountId, requestId, amountMicros)) adjustHeld(c, accountId, -amountMicros); // reserved concurrently
            return new Reservation.Held(requestId, amountMicros);
        });
    }

    /**
     * Holds as much of {@code mostMicros} as the balance, less what other requests hold, covers,
     * and at least {@code leastMicros}: a request's worst case when it fits, else what is left of
     * the balance for a request that will be made to fit it. The account's balance row is locked
     * first (SQLite's writer lock; on PostgreSQL the row lock an UPDATE takes), so what is read as
     * available is still available when it is held. Asking again for the same request holds nothing more.
     *
     * @return what was held, or {@link Reservation.Insufficient} with {@code leastMicros} as needed
     */
    public Reservation reserveUpTo(String accountId, String requestId, long leastMicros, long mostMicros) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(requestId, "requestId");
        if (leastMicros < 0 || mostMicros < leastMicros) {
            throw new IllegalArgumentException("a reservation needs 0 <= least <= most, got " + leastMicros + " and " + mostMicros);
        }
        return db.inTransaction(c -> {
            adjustHeld(c, accountId, 0); // takes the balance row's lock for the rest of the transaction
            Long existing = heldFor(c, accountId, requestId);
            if (existing != null) return new Reservation.Held(requestId, existing);
            long available = availableInTx(c, accountId);
            if (available < leastMicros || mostMicros > 0 && available <= 0) {
                return new Reservation.Insufficient(Math.max(0, available), Math.max(1, leastMicros));
            }
            long amount = Math.min(mostMicros, available);
            try (var ps = c.prepareStatement("UPDATE credit_balances SET held_micros = held_micros + ?"
                    + " WHERE account_id = ? AND balance_micros - held_micros >= ?")) {
                ps.setLong(1, amount);
                ps.setString(2, accountId);
                ps.setLong(3, amount);
                if (ps.executeUpdate() == 0) return new Reservation.Insufficient(availableInTx(c, accountId), leastMicros);
            }
            insertHold(c, accountId, requestId, amount); // under the balance row's lock: no concurrent hold of this request
            return new Reservation.Held(requestId, amount);
        });
    }

    /**
     * Closes the request's reservation and debits its cost: at most what the balance, less what
     * other requests hold, can pay (so never below zero). Only the first settle or release of a
     * request counts.
     *
     * @return the amount debited; 0 when the request was already settled or released
     */
    public long settle(String accountId, String requestId, long costMicros, String memo) {
        return settle(accountId, requestId, costMicros, memo, c -> null);
    }

    /**
     * As {@link #settle(String, String, long, String)}, and runs {@code alongside} in the same
     * transaction (the request's usage record): a crash keeps both writes or neither, so a restart
     * never finds a debit without its record, nor a served record whose hold it then releases.
     */
    public long settle(String accountId, String requestId, long costMicros, String memo, SqlWork<?> alongside) {
        return settle(accountId, requestId, costMicros, memo, alongside, c -> null);
    }

    /**
     * As {@link #settle(String, String, long, String, SqlWork)}, and runs {@code afterDebit} in the
     * same transaction only when this settle closed the hold (the first settle of the request): a
     * write that belongs to the charge (a donor's credit-back) is made with it, once, or not at all.
     */
    public long settle(String accountId, String requestId, long costMicros, String memo, SqlWork<?> alongside,
                       SqlWork<?> afterDebit) {
        Objects.requireNonNull(afterDebit, "afterDebit");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(alongside, "alongside");
        if (costMicros < 0) throw new IllegalArgumentException("a cost cannot be negative");
        return db.inTransaction(c -> {
            alongside.run(c);
            Long held = closeHold(c, accountId, requestId, "settled");
            if (held == null) return 0L;
            adjustHeld(c, accountId, -held);
            long debit = Math.min(costMicros, availableInTx(c, accountId));
            if (!insertEntry(c, accountId, -debit, DEBIT, requestId, memo)) return 0L;
            takeFromBalance(c, accountId, debit);
            afterDebit.run(c);
            return debit;
        });
    }

    /** Lets go of the request's reservation without a debit (the request failed); false when already closed. */
    public boolean release(String accountId, String requestId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(requestId, "requestId");
        return db.inTransaction(c -> {
            Long held = closeHold(c, accountId, requestId, "voided");
            if (held == null) return false;
            adjustHeld(c, accountId, -held);
            return true;
        });
    }

    /**
     * Releases reservations taken before {@code cutoff} and never closed: requests cut short by a
     * crash on any node, or held longer than any request may last. Returns how many were released.
     */
    public int releaseAbandoned(Instant cutoff) {
        return releaseAll("SELECT account_id, request_id FROM credit_holds WHERE state = 'held' AND created_at < ?",
                ps -> ps.setLong(1, cutoff.toEpochMilli()));
    }

    /**
     * Releases every open reservation this node took: run when the node starts, since the requests
     * they were for died with its previous process. Returns how many were released.
     */
    public int releaseOwnHolds() {
        return releaseAll("SELECT account_id, request_id FROM credit_holds WHERE state = 'held' AND node_id = ?",
                ps -> ps.setString(1, nodeId));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(java.sql.PreparedStatement ps) throws SQLException;
    }

    private int releaseAll(String select, Binder binder) {
        List<String[]> open = db.withConnection(c -> {
            try (var ps = c.prepareStatement(select)) {
                binder.bind(ps);
                try (var rs = ps.executeQuery()) {
                    List<String[]> out = new ArrayList<>();
                    while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2)});
                    return out;
                }
            }
        });
        int released = 0;
        for (String[] hold : open) {
            if (release(hold[0], hold[1])) released++;
        }
        return released;
    }

    /** The account's balance: the sum of its entries (0 for an account with none). */
    public long balanceMicros(String accountId) {
        return db.withConnection(c -> balanceMicrosInTx(c, accountId));
    }

    /** The balance as seen inside the caller's transaction. */
    public long balanceMicrosInTx(Connection c, String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return sum(c, "SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries WHERE account_id = ?", accountId);
    }

    /** What new reservations can still take: the balance less what requests in flight hold. */
    public long availableMicros(String accountId) {
        return db.withConnection(c -> availableInTx(c, accountId));
    }

    /** Credit held for requests in flight. */
    public long heldMicros(String accountId) {
        return db.withConnection(c -> sum(c, "SELECT COALESCE(SUM(held_micros), 0) FROM credit_balances WHERE account_id = ?", accountId));
    }

    /** The running balance kept beside the entries (always equal to {@link #balanceMicros}). */
    long runningBalanceMicros(String accountId) {
        return db.withConnection(c -> sum(c, "SELECT COALESCE(SUM(balance_micros), 0) FROM credit_balances WHERE account_id = ?", accountId));
    }

    /** Every book's balance: accounts by id and the two counter books. They sum to zero. */
    public Map<String, Long> books() {
        return db.withConnection(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (var ps = c.prepareStatement("SELECT account_id, SUM(amount_micros) FROM ledger_entries GROUP BY account_id");
                 var rs = ps.executeQuery()) {
                while (rs.next()) out.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
            try (var ps = c.prepareStatement("SELECT counter_account, SUM(amount_micros) FROM ledger_entries GROUP BY counter_account");
                 var rs = ps.executeQuery()) {
                while (rs.next()) out.merge(rs.getString(1), -rs.getLong(2), Long::sum);
            }
            return out;
        });
    }

    /** The account's entries, newest first (at most 10,000; use the limited form for pages). */
    public List<LedgerEntry> entries(String accountId) {
        return entries(accountId, MAX_ENTRIES);
    }

    /** One page of the account's entries, newest first: see {@link LedgerPages#page}. */
    public LedgerPage page(String accountId, int limit, String beforeId) {
        return pages.page(accountId, limit, beforeId);
    }

    /** The account's newest {@code limit} entries (at most {@value #MAX_ENTRIES}), newest first, read page by page. */
    public List<LedgerEntry> entries(String accountId, int limit) {
        int wanted = Math.clamp(limit, 0, MAX_ENTRIES);
        List<LedgerEntry> out = new ArrayList<>();
        String before = null;
        do {
            LedgerPage page = pages.page(accountId, Math.min(LedgerPages.MAX_LIMIT, wanted - out.size()), before);
            out.addAll(page.entries());
            before = page.nextBefore();
        } while (before != null && out.size() < wanted);
        return out;
    }

    private boolean insertEntry(Connection c, String accountId, long amountMicros, String kind, String requestId, String memo)
            throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO ledger_entries"
                + " (id, account_id, amount_micros, kind, request_id, memo, created_at, counter_account)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            String id = UUID.randomUUID().toString();
            ps.setString(1, id);
            ps.setString(2, accountId);
            ps.setLong(3, amountMicros);
            ps.setString(4, kind);
            ps.setString(5, requestId == null ? "ledger:" + id : requestId);
            ps.setString(6, memo == null ? "" : memo);
            ps.setLong(7, clock.millis());
            ps.setString(8, kind.equals(DEBIT) ? REVENUE_BOOK : GRANTS_BOOK);
            return ps.executeUpdate() == 1;
        }
    }

    private static void addToBalance(Connection c, String accountId, long amountMicros) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO credit_balances (account_id, balance_micros, held_micros) VALUES (?, ?, 0)"
                + " ON CONFLICT (account_id) DO UPDATE SET balance_micros = credit_balances.balance_micros + excluded.balance_micros")) {
            ps.setString(1, accountId);
            ps.setLong(2, amountMicros);
            ps.executeUpdate();
        }
    }

    /** Takes an amount from what is not held, if it is there; false (and nothing changed) when not. */
    private static boolean takeFromBalance(Connection c, String accountId, long amountMicros) throws SQLException {
        if (amountMicros == 0) return true;
        try (var ps = c.prepareStatement("UPDATE credit_balances SET balance_micros = balance_micros - ?"
                + " WHERE account_id = ? AND balance_micros - held_micros >= ?")) {
            ps.setLong(1, amountMicros);
            ps.setString(2, accountId);
            ps.setLong(3, amountMicros);
            return ps.executeUpdate() == 1;
        }
    }

    private static void giveBackToBalance(Connection c, String accountId, long amountMicros) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE credit_balances SET balance_micros = balance_micros + ? WHERE account_id = ?")) {
            ps.setLong(1, amountMicros);
            ps.setString(2, accountId);
            ps.executeUpdate();
        }
    }

    private static void adjustHeld(Connection c, String accountId, long deltaMicros) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE credit_balances SET held_micros = held_micros + ? WHERE account_id = ?")) {
            ps.setLong(1, deltaMicros);
            ps.setString(2, accountId);
            ps.executeUpdate();
        }
    }

    /** The amount held for the request (open or closed), or null when it has never held any. */
    private static Long heldFor(Connection c, String accountId, String requestId) throws SQLException {
        try (var ps = c.prepareStatement("SELECT amount_micros FROM credit_holds WHERE account_id = ? AND request_id = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, requestId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Records the request's hold, taken by this node; false when the request already has one. */
    private boolean insertHold(Connection c, String accountId, String requestId, long amountMicros) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO credit_holds (account_id, request_id, amount_micros, state, created_at, node_id)"
                + " VALUES (?, ?, ?, 'held', ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, accountId);
            ps.setString(2, requestId);
            ps.setLong(3, amountMicros);
            ps.setLong(4, clock.millis());
            ps.setString(5, nodeId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Marks an open hold closed and returns its amount; null when there is no open hold. */
    private Long closeHold(Connection c, String accountId, String requestId, String state) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE credit_holds SET state = ?, closed_at = ?"
                + " WHERE account_id = ? AND request_id = ? AND state = 'held'")) {
            ps.setString(1, state);
            ps.setLong(2, clock.millis());
            ps.setString(3, accountId);
            ps.setString(4, requestId);
            if (ps.executeUpdate() == 0) return null;
        }
        return heldFor(c, accountId, requestId);
    }

    private static long availableInTx(Connection c, String accountId) {
        return sum(c, "SELECT COALESCE(SUM(balance_micros - held_micros), 0) FROM credit_balances WHERE account_id = ?", accountId);
    }

    private static long sum(Connection c, String sql, String accountId) {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read balance: " + e.getMessage(), e);
        }
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
