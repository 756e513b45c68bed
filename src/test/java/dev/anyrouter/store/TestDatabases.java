package dev.anyrouter.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh, migrated databases for store tests: SQLite in a temporary directory, or a new database in
 * one embedded PostgreSQL per test class (started on first use, stopped after the class).
 * Register as a static {@code @RegisterExtension} field; everything opened is closed after each test.
 */
public final class TestDatabases implements AfterEachCallback, AfterAllCallback {
    private EmbeddedPostgres postgres;
    private final List<Database> opened = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    /** A new, empty, migrated database on {@code engine}. */
    public Database open(Engine engine) {
        Database db = Database.open(freshUrl(engine));
        opened.add(db);
        return db;
    }

    /** Inserts a bare account row (no password, no credit) and returns its id; for tests of other tables. */
    public static String createAccount(Database db) {
        String id = UUID.randomUUID().toString();
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO accounts (id, email, password_hash, created_at) VALUES (?, ?, 'x', 0)")) {
                ps.setString(1, id);
                ps.setString(2, id + "@example.test");
                return ps.executeUpdate();
            }
        });
        return id;
    }

    /** Counts rows with a one-parameter query, e.g. {@code SELECT COUNT(*) FROM t WHERE account_id = ?}. */
    public static int count(Database db, String sql, String param) {
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(sql)) {
                if (param != null) {
                    ps.setString(1, param);
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** The JDBC URL of a new, empty database on {@code engine} (not yet migrated). */
    public String freshUrl(Engine engine) {
        return switch (engine) {
            case SQLITE -> "jdbc:sqlite:" + newDirectory().resolve("nested/dir/anyrouter.db");
            case POSTGRES -> newPostgresDatabase();
        };
    }

    /** The running embedded PostgreSQL, started on first use. */
    public EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    private String newPostgresDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = postgres().getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres().getJdbcUrl("postgres", name);
    }

    private Path newDirectory() {
        try {
            Path dir = Files.createTempDirectory("anyrouter-store-test-");
            directories.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        opened.forEach(Database::close);
        opened.clear();
        for (Path dir : directories) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        directories.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
