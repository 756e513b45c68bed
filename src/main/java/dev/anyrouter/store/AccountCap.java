package dev.anyrouter.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How many rows of one kind an account may have (provider keys, API keys, presets), checked inside
 * the transaction that adds one, so two requests at once cannot both squeeze past it: SQLite runs
 * write transactions one at a time, and on PostgreSQL the account's row is locked first.
 *
 * @param what what is counted, plural, as the refusal names it ("provider keys")
 * @param setting the environment variable that sets the cap, for the refusal's "what to do"
 * @param max how many are allowed
 * @param countSql {@code SELECT COUNT(*) …} of the account's rows, with the account id as its one parameter
 */
public record AccountCap(String what, String setting, int max, String countSql) {
    /** No cap: for tools and tests that build a store by hand. */
    public static AccountCap none(String what) {
        return new AccountCap(what, "-", Integer.MAX_VALUE, null);
    }

    public AccountCap {
        if (max < 1) throw new IllegalArgumentException("a cap must allow at least one " + what);
    }

    /**
     * Refuses, inside {@code c}'s transaction, one more row for an account that already has {@link #max}.
     *
     * @throws AccountCapException when the account is at its cap; the transaction then adds nothing
     */
    public void checkRoomFor(Connection c, boolean postgres, String accountId) throws SQLException {
        if (countSql == null) return;
        if (postgres) {
            try (var lock = c.prepareStatement("SELECT id FROM accounts WHERE id = ? FOR UPDATE")) {
                lock.setString(1, accountId);
                lock.executeQuery().close();
            }
        }
        if (count(c, accountId) >= max) throw new AccountCapException(this);
    }

    /** How many the account has now. */
    public int count(Connection c, String accountId) throws SQLException {
        if (countSql == null) return 0;
        try (var ps = c.prepareStatement(countSql)) {
            ps.setString(1, accountId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
