package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UsageWriterTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static UsageRecord record(String accountId, int i) {
        return new UsageRecord(UUID.randomUUID().toString(), Instant.ofEpochMilli(1_700_000_000_000L + i), accountId,
                "api-key", "openai/gpt-4.1-mini", "openai", "key-1", "primary", 200, null, false,
                10, 20, 0, 5, 3L, null, null);
    }

    @Test
    void closeWritesEverythingStillQueued() {
        Database db = DATABASES.open(Engine.SQLITE);
        UsageStore store = new UsageStore(db);
        List<List<UsageRecord>> batches = new CopyOnWriteArrayList<>();
        // A long interval: only close() can be what writes them.
        UsageWriter writer = new UsageWriter(store, batches::add, Duration.ofHours(1), 50);
        for (int i = 0; i < 1_234; i++) writer.record(record("acct", i));
        writer.close();
        assertThat(store.list("acct", 1_000, null)).hasSize(1_000);
        int total = batches.stream().mapToInt(List::size).sum();
        assertThat(total).isEqualTo(1_234);
        assertThat(batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(50));
    }

    @Test
    void aFailedBatchIsWrittenAgainAndNotDoubled() {
        Database db = DATABASES.open(Engine.SQLITE);
        AtomicInteger attempts = new AtomicInteger();
        UsageStore real = new UsageStore(db);
        UsageSink flaky = batch -> {
            real.insertBatch(batch);
            // The rows went in, but the caller is told otherwise once: the retry must not double them.
            if (attempts.getAndIncrement() == 0) throw new IllegalStateException("connection lost after commit");
        };
        UsageWriter writer = new UsageWriter(flaky, b -> {}, Duration.ofMillis(20), 100);
        List<UsageRecord> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UsageRecord r = record("acct2", i);
            sent.add(r);
            writer.record(r);
        }
        writer.close();
        assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
        assertThat(new UsageStore(db).list("acct2", 100, null)).extracting(UsageRecord::id)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(UsageRecord::id).toList());
    }

    @Test
    void recordsArrivingWithinOneIntervalAreWrittenInOneBatch() throws Exception {
        Database db = DATABASES.open(Engine.SQLITE);
        List<List<UsageRecord>> batches = new CopyOnWriteArrayList<>();
        UsageWriter writer = new UsageWriter(new UsageStore(db), batches::add, Duration.ofSeconds(2), 100);
        writer.record(record("acct3", 0));
        Thread.sleep(50); // the writer has taken the first record and waits for more
        for (int i = 1; i < 10; i++) writer.record(record("acct3", i));
        writer.close();
        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst()).hasSize(10);
    }
}
