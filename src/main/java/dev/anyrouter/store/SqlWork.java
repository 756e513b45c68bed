package dev.anyrouter.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of JDBC work run by {@link Database#inTransaction} or {@link Database#withConnection}.
 * The connection belongs to the database: do not close it or change its transaction state.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    /** Runs the work on a borrowed connection. */
    T run(Connection c) throws SQLException;
}
