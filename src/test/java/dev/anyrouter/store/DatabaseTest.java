package dev.anyrouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class DatabaseTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    Database db;

    @BeforeEach
    void open() {
        db = databases.open(engine);
    }

    @Test
    void reportsWhichEngineItRuns() {
        assertThat(db.isPostgres()).isEqualTo(engine == Engine.POSTGRES);
    }

    @Test
    void migratesEveryTable() {
        for (String table : List.of("settings", "accounts", "api_keys", "sessions", "ledger_entries", "provider_keys", "usage_records")) {
            assertThat(rows(db, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
    }

    @Test
    void commitsWorkThatReturns() {
        db.inTransaction(c -> insertSetting(c, "a", "1"));
        assertThat(new SettingsStore(db).get("a")).contains("1");
    }

    @Test
    void rollsBackWorkThatThrowsAndPassesTheExceptionThrough() {
        var boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db.inTransaction(c -> {
            insertSetting(c, "a", "1");
            throw boom;
        })).isSameAs(boom);
        assertThat(new SettingsStore(db).get("a")).isEmpty();
    }

    @Test
    void wrapsSqlErrorsAndRollsBack() {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            insertSetting(c, "a", "1");
            return insertSetting(c, "a", "2");
        })).isInstanceOf(StoreException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(new SettingsStore(db).get("a")).isEmpty();
    }

    @Test
    void enforcesForeignKeys() {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "INSERT INTO api_keys (id, account_id, name, prefix, key_hash, created_at) VALUES ('k', 'no-such-account', 'n', 'p', 'h', 0)")) {
                return ps.executeUpdate();
            }
        })).isInstanceOf(StoreException.class);
    }

    @Test
    void connectionsReturnToThePoolOutsideATransaction() {
        for (int i = 0; i < 20; i++) {
            int n = i;
            db.inTransaction(c -> insertSetting(c, "k" + n, "v"));
        }
        boolean autoCommit = db.withConnection(Connection::getAutoCommit);
        assertThat(autoCommit).isTrue();
        assertThat(rows(db, "SELECT COUNT(*) FROM settings")).isEqualTo(20);
    }

    @Test
    void concurrentWritersAllCommit() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> db.inTransaction(c -> {
                    int before = count(c, "SELECT COUNT(*) FROM settings");
                    return insertSetting(c, "k" + n, Integer.toString(before));
                })));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(rows(db, "SELECT COUNT(*) FROM settings")).isEqualTo(40);
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsData() {
        String url = databases.freshUrl(engine);
        try (Database first = Database.open(url)) {
            new SettingsStore(first).put("kept", "yes");
        }
        try (Database second = Database.open(url)) {
            assertThat(new SettingsStore(second).get("kept")).contains("yes");
        }
    }

    @Test
    void rejectsUnknownUrlsWithAClearMessage() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/x?password=hunter2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unsupported database URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void failureToConnectNeverEchoesThePassword() {
        // Port 1 on loopback: nothing listens there.
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/db?user=u&password=hunter2&connectTimeout=2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open database jdbc:postgresql://127.0.0.1:1/db")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2");
                    }
                });
    }

    @Test
    void passwordInTheUrlIsHandedToThePoolNotLeftInTheUrl() {
        if (engine != Engine.POSTGRES) {
            assertThat(JdbcTarget.parse("jdbc:sqlite:/tmp/x.db")).isInstanceOf(JdbcTarget.Sqlite.class);
            return;
        }
        String url = databases.freshUrl(engine) + "&password=s3cret%26x";
        var target = (JdbcTarget.Postgres) JdbcTarget.parse(url);
        assertThat(target.password()).isEqualTo("s3cret&x");
        assertThat(target.url()).doesNotContain("s3cret").contains("user=postgres");
        try (Database opened = Database.open(url)) {
            String seen = opened.withConnection(c -> c.getMetaData().getURL());
            assertThat(seen).doesNotContain("s3cret");
        }
    }

    @Test
    void refusesInMemorySqlite() {
        assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("in-memory");
    }

    private static int insertSetting(Connection c, String name, String value) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            return ps.executeUpdate();
        }
    }

    private static int rows(Database db, String sql) {
        return db.withConnection(c -> count(c, sql));
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
