package dev.anyrouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node never serves a schema newer than it knows: one migrated by a newer AnyRouter (a rolling
 * upgrade's first node) stops an older node's start, and moves a running one to not ready. Flyway
 * on its own migrates past such "future" migrations without a word.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class SchemaVersionTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    @Test
    void aNodeRefusesToStartOnASchemaMigratedByANewerAnyRouter() {
        String url = databases.freshUrl(engine);
        Database first = Database.open(url);
        String known = first.schemaVersion();
        newerNodeMigrated(first, "9000");
        first.close();

        assertThatThrownBy(() -> Database.open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema is at version 9000, newer than this AnyRouter knows (" + known + ")")
                .hasMessageContaining("start a newer AnyRouter");
    }

    @Test
    void aRunningNodeIsNotReadyOnceANewerNodeMovesTheSchemaOn() {
        Database db = databases.open(engine);
        assertThat(db.unready(2)).as("just migrated").isEmpty();

        newerNodeMigrated(db, "9000.1");

        assertThat(db.unready(2)).hasValueSatisfying(reason -> assertThat(reason)
                .isEqualTo("the schema is at version 9000.1, this node serves version " + db.schemaVersion()));
    }

    @Test
    void aFailedNewerMigrationDoesNotCountAsTheSchemasVersion() {
        Database db = databases.open(engine);
        insertHistory(db, "9001", false);
        assertThat(db.unready(2)).as("a migration that failed moved nothing").isEmpty();
    }

    /** What a newer AnyRouter's Flyway leaves in the history table after applying a migration this one lacks. */
    private static void newerNodeMigrated(Database db, String version) {
        insertHistory(db, version, true);
    }

    private static void insertHistory(Database db, String version, boolean success) {
        db.withConnection(c -> {
            try (var ps = c.prepareStatement("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success)"
                    + " VALUES ((SELECT MAX(installed_rank) + 1 FROM flyway_schema_history), ?, 'from a newer node', 'SQL', ?, 0, 'test', 1, ?)")) {
                ps.setString(1, version);
                ps.setString(2, "V" + version + "__from_a_newer_node.sql");
                ps.setBoolean(3, success);
                return ps.executeUpdate();
            }
        });
    }
}
