package dev.anyrouter.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The application's database: a HikariCP pool over SQLite (embedded default) or PostgreSQL, migrated
 * by Flyway from {@code db/migration} on open. Both engines run the same schema and the same SQL.
 *
 * <p>On SQLite, transactions are serialised through one in-process writer lock and begin with
 * {@code BEGIN IMMEDIATE}, so a writer never fails half-way on a lock upgrade; reads outside a
 * transaction run concurrently (WAL). Do not nest {@link #inTransaction} calls: pass the
 * {@link Connection} down instead (the stores' {@code …InTx} methods take one).
 *
 * <p>All calls block; run them on virtual threads, never on an event loop.
 */
public final class Database implements AutoCloseable {
    private static final int SQLITE_POOL_SIZE = 4;
    private static final int POSTGRES_POOL_SIZE = 10;
    private static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;

    private final HikariDataSource pool;
    private final JdbcTarget target;
    private final boolean postgres;
    private final Path file;
    private final String schemaVersion;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    private Database(HikariDataSource pool, JdbcTarget target, String schemaVersion) {
        this.pool = pool;
        this.target = target;
        this.postgres = target instanceof JdbcTarget.Postgres;
        this.file = target instanceof JdbcTarget.Sqlite sqlite ? sqlite.file() : null;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Opens (creating if needed) and migrates the database at {@code jdbcUrl}: {@code jdbc:sqlite:<path>}
     * (parent directories are created) or {@code jdbc:postgresql://host:port/db?user=…&password=…}.
     *
     * @throws StoreException when the database cannot be reached or migrated; its message names the
     *     URL with any password masked
     */
    public static Database open(String jdbcUrl) {
        JdbcTarget target = JdbcTarget.parse(jdbcUrl);
        HikariDataSource pool;
        try {
            pool = switch (target) {
                case JdbcTarget.Sqlite s -> sqlitePool(s);
                case JdbcTarget.Postgres p -> postgresPool(p);
            };
        } catch (RuntimeException e) {
            throw failure("cannot open database " + target.display(), e, target);
        }
        String version;
        try {
            // On PostgreSQL Flyway holds an advisory lock while it migrates, so nodes starting at
            // once migrate one at a time and the others find the work done.
            Flyway flyway = flyway(pool);
            flyway.migrate();
            version = refuseNewerSchema(flyway);
        } catch (RuntimeException e) {
            pool.close();
            throw failure("cannot migrate database " + target.display(), e, target);
        }
        return new Database(pool, target, version);
    }

    private static Flyway flyway(HikariDataSource pool) {
        return Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
    }

    /**
     * A database migrated by a newer AnyRouter has migrations this one does not know (Flyway calls
     * them "future" and by default migrates past them): serving on it could write rows the newer
     * schema forbids, so start-up stops instead. Returns the schema version this node knows.
     */
    private static String refuseNewerSchema(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        String known = newest(Arrays.stream(all).filter(m -> m.getState().isResolved()));
        String future = newest(Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                || m.getState() == MigrationState.FUTURE_FAILED));
        if (future != null) {
            throw new StoreException("the database's schema is at version " + future
                    + ", newer than this AnyRouter knows (" + known + "): start a newer AnyRouter");
        }
        return known;
    }

    private static String newest(Stream<MigrationInfo> migrations) {
        return migrations.filter(m -> m.getVersion() != null).map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder()).map(MigrationVersion::getVersion).orElse(null);
    }

    /**
     * Whether the database answers now and its schema is still the one this node migrated to or
     * knows (not moved on by a newer node); the reason when not. Blocking, bounded by {@code timeoutSeconds}.
     */
    public Optional<String> unready(int timeoutSeconds) {
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (var rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success"
                    + (postgres ? " = TRUE" : " = 1") + " AND version IS NOT NULL")) {
                String newest = null;
                while (rs.next()) {
                    String v = rs.getString(1);
                    if (newest == null || compareVersions(v, newest) > 0) newest = v;
                }
                if (newest == null || compareVersions(newest, schemaVersion) != 0) {
                    return Optional.of("the schema is at version " + newest + ", this node serves version " + schemaVersion);
                }
                return Optional.empty();
            }
        } catch (SQLException | RuntimeException e) {
            return Optional.of("the database does not answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The schema version this node migrated to, e.g. {@code "60"}. */
    public String schemaVersion() {
        return schemaVersion;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) return Long.compare(p, q);
        }
        return 0;
    }

    /**
     * A new connection of its own, outside the pool, for a caller that holds it for long (the
     * change feed's {@code LISTEN}); the caller closes it. PostgreSQL only.
     */
    public Connection openUnpooled() throws SQLException {
        if (!(target instanceof JdbcTarget.Postgres p)) throw new IllegalStateException("only PostgreSQL has unpooled connections");
        Properties properties = new Properties();
        if (p.password() != null) properties.setProperty("password", p.password());
        properties.setProperty("logServerErrorDetail", "false");
        properties.setProperty("ApplicationName", "anyrouter-listen");
        // A dead server or network is noticed within this, however quiet the channel.
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(p.url(), properties);
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * An {@link SQLException} comes out as a {@link StoreException}; runtime exceptions pass through
     * unchanged after the rollback.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        boolean serialise = !postgres;
        if (serialise) {
            sqliteWriter.lock();
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                // The SQLite driver opens the next transaction right after commit/rollback;
                // returning to auto-commit ends it so the connection goes back to the pool idle.
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database transaction failed: " + e.getMessage(), e);
        } finally {
            if (serialise) {
                sqliteWriter.unlock();
            }
        }
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode (each statement commits on its own). */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("database call failed: " + e.getMessage(), e);
        }
    }

    /** The value of an installation-wide setting (see {@link SettingsStore}). */
    public Optional<String> getSetting(String name) {
        return new SettingsStore(this).get(name);
    }

    /** Stores an installation-wide setting, replacing any earlier value. */
    public void putSetting(String name, String value) {
        new SettingsStore(this).put(name, value);
    }

    /** Stores a setting only if it has no value yet (safe when several nodes start at once); true when stored. */
    public boolean putSettingIfAbsent(String name, String value) {
        return new SettingsStore(this).putIfAbsent(name, value);
    }

    /** The SQLite database file; empty on PostgreSQL. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** True on PostgreSQL, false on SQLite. */
    public boolean isPostgres() {
        return postgres;
    }

    /** Closes the pool; the database cannot be used afterwards. */
    @Override
    public void close() {
        pool.close();
    }

    private static HikariDataSource sqlitePool(JdbcTarget.Sqlite target) {
        createPrivateFile(target.file());
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        sqlite.enforceForeignKeys(true);
        // Take the write lock when a transaction begins, not on its first write: a deferred
        // transaction that reads and then writes can fail with SQLITE_BUSY that no timeout cures.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl(target.url());

        HikariConfig config = baseConfig();
        config.setDataSource(source);
        config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        return new HikariDataSource(config);
    }

    private static HikariDataSource postgresPool(JdbcTarget.Postgres target) {
        HikariConfig config = baseConfig();
        config.setJdbcUrl(target.url());
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        // Keep row values (e-mails, hashes) out of server error messages that may reach a log.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("ApplicationName", "anyrouter");
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        return new HikariDataSource(config);
    }

    private static HikariConfig baseConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("anyrouter-store");
        config.setConnectionTimeout(10_000);
        return config;
    }

    /**
     * The file is made before SQLite opens it, so it is 0600 from the start (SQLite would create it
     * with the process umask, usually world-readable); SQLite gives its -wal and -shm files the
     * database file's mode.
     */
    private static void createPrivateFile(Path file) {
        try {
            PrivateFiles.createFile(file);
        } catch (IOException e) {
            throw new StoreException("cannot create the SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable reason) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            reason.addSuppressed(suppressed);
        }
    }

    /** Builds the open failure, dropping the cause if anything in it could echo the password. */
    private static StoreException failure(String what, RuntimeException e, JdbcTarget target) {
        String password = target instanceof JdbcTarget.Postgres p ? p.password() : null;
        if (password != null && !password.isEmpty() && mentions(e, password)) {
            return new StoreException(what);
        }
        return new StoreException(what + ": " + rootMessage(e), e);
    }

    private static boolean mentions(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(secret)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (mentions(s, secret)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
