package dev.anyrouter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys made before kinds existed are classed by the migration: each account's first key (sign-up's)
 * becomes a management key, every other key an inference key, revoked ones included.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class ApiKeyKindMigrationTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    @Test
    void eachAccountsFirstKeyBecomesAManagementKeyAndEveryOtherKeyAnInferenceKey() throws Exception {
        String url = databases.freshUrl(engine);
        if (engine == Engine.SQLITE) Files.createDirectories(Path.of(url.substring("jdbc:sqlite:".length())).getParent());
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("31").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            for (String account : new String[] {"alice", "bob", "carol"}) {
                c.createStatement().executeUpdate("INSERT INTO accounts (id, email, password_hash, created_at) VALUES ('"
                        + account + "', '" + account + "@example.test', 'x', 1000)");
            }
            insertKey(c, "alice-signup", "alice", 1000, null);
            insertKey(c, "alice-app", "alice", 2000, null);
            insertKey(c, "alice-ci", "alice", 3000, 3500L);
            insertKey(c, "bob-signup", "bob", 1000, 1500L);   // revoked: stays revoked, classed all the same
            insertKey(c, "bob-app", "bob", 4000, null);
            insertKey(c, "carol-b", "carol", 1000, null);     // two keys in the same millisecond: the smaller id is first
            insertKey(c, "carol-a", "carol", 1000, null);
        }

        Database db = Database.open(url);
        try {
            Map<String, String> kinds = db.withConnection(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT id, kind FROM api_keys")) {
                    Map<String, String> found = new java.util.HashMap<>();
                    while (rs.next()) found.put(rs.getString(1), rs.getString(2));
                    return found;
                }
            });
            assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "alice-signup", "management", "alice-app", "inference", "alice-ci", "inference",
                    "bob-signup", "management", "bob-app", "inference",
                    "carol-a", "management", "carol-b", "inference"));

            // A key written without a kind (by code that predates it) can only call models.
            db.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO api_keys (id, account_id, name, prefix, key_hash,"
                    + " created_at) VALUES ('late', 'alice', 'late', 'sk-ar-v1-late', 'hash-late', 9000)"));
            ApiKeyStore store = new ApiKeyStore(db, new java.security.SecureRandom(), java.time.Clock.systemUTC());
            assertThat(store.list("alice").stream().collect(Collectors.toMap(ApiKeyInfo::id, ApiKeyInfo::kind)))
                    .containsEntry("late", ApiKeyKind.INFERENCE).containsEntry("alice-signup", ApiKeyKind.MANAGEMENT);
        } finally {
            db.close();
        }
    }

    private static void insertKey(Connection c, String id, String account, long createdAt, Long revokedAt) throws Exception {
        try (var ps = c.prepareStatement("INSERT INTO api_keys (id, account_id, name, prefix, key_hash, created_at, revoked_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, account);
            ps.setString(3, id);
            ps.setString(4, "sk-ar-v1-" + id);
            ps.setString(5, "hash-" + id);
            ps.setLong(6, createdAt);
            if (revokedAt == null) ps.setNull(7, java.sql.Types.BIGINT);
            else ps.setLong(7, revokedAt);
            ps.executeUpdate();
        }
    }
}
