package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class UsageStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.006Z");
    Database db;
    UsageStore usage;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        usage = new UsageStore(db);
        alice = TestDatabases.createAccount(db);
        bob = TestDatabases.createAccount(db);
    }

    private static UsageRecord record(String account, Instant at) {
        return new UsageRecord(UUID.randomUUID().toString(), at, account, "api-key-1", "gpt-4.1", "openai", "pk-1", "main",
                200, null, true, 120, 45, 10, 830, 210L, "https://app.example", "My App");
    }

    @Test
    void recordsReadBackFieldForFieldIncludingNulls() {
        var full = record(alice, T0);
        var sparse = new UsageRecord(UUID.randomUUID().toString(), T0.plusMillis(1), alice, "api-key-1", "", null, null, null,
                404, "model_not_found", false, 0, 0, 0, 3, null, null, null);
        usage.insertBatch(List.of(full, sparse));
        assertThat(usage.find(alice, full.id())).contains(full);
        assertThat(usage.find(alice, sparse.id())).contains(sparse);
    }

    @Test
    void aRetriedBatchDoesNotDoubleRows() {
        List<UsageRecord> batch = List.of(record(alice, T0), record(alice, T0.plusMillis(1)), record(bob, T0));
        usage.insertBatch(batch);
        usage.insertBatch(batch);
        var grown = new ArrayList<>(batch);
        grown.add(record(alice, T0.plusMillis(2)));
        usage.insertBatch(grown);

        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM usage_records", null)).isEqualTo(4);
        assertThat(usage.list(alice, 100, null)).hasSize(3);
    }

    @Test
    void emptyBatchIsFine() {
        usage.insertBatch(List.of());
        assertThat(usage.list(alice, 10, null)).isEmpty();
    }

    @Test
    void listIsNewestFirstAndPagesWithACursor() {
        List<UsageRecord> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Pairs share a millisecond, so the cursor must break ties by id.
            all.add(record(alice, T0.plusMillis(i / 2)));
        }
        usage.insertBatch(all);
        List<UsageRecord> expected = all.stream()
                .sorted((a, b) -> a.at().equals(b.at()) ? b.id().compareTo(a.id()) : b.at().compareTo(a.at()))
                .toList();

        List<UsageRecord> paged = new ArrayList<>();
        String cursor = null;
        while (true) {
            List<UsageRecord> page = usage.list(alice, 7, cursor);
            if (page.isEmpty()) {
                break;
            }
            assertThat(page.size()).isLessThanOrEqualTo(7);
            paged.addAll(page);
            cursor = page.getLast().id();
        }
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    @Test
    void anotherAccountCanNeitherFindNorListMyRecordsNorUseMyCursor() {
        var mine = record(alice, T0);
        var older = record(alice, T0.minusSeconds(1));
        var theirs = record(bob, T0.minusSeconds(5));
        usage.insertBatch(List.of(mine, older, theirs));

        assertThat(usage.find(bob, mine.id())).isEmpty();
        assertThat(usage.list(bob, 100, null)).containsExactly(theirs);
        assertThat(usage.list(bob, 100, mine.id())).isEmpty();
        assertThat(usage.list(alice, 100, mine.id())).containsExactly(older);
    }

    @Test
    void limitIsCapped() {
        usage.insertBatch(List.of(record(alice, T0), record(alice, T0.plusMillis(1))));
        assertThat(usage.list(alice, 0, null)).isEmpty();
        assertThat(usage.list(alice, 1, null)).hasSize(1);
        assertThat(usage.list(alice, Integer.MAX_VALUE, null)).hasSize(2);
    }
}
