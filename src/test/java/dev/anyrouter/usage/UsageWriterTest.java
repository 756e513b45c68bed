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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
        Thread.sleep(50); // the writer sleeps through its interval; only close() cuts it short
        for (int i = 1; i < 10; i++) writer.record(record("acct3", i));
        writer.close();
        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst()).hasSize(10);
    }

    @Test
    void recordingNeverWakesTheWriter() throws Exception {
        List<List<UsageRecord>> batches = new CopyOnWriteArrayList<>();
        UsageWriter writer = new UsageWriter(batch -> batches.add(List.copyOf(batch)), b -> {}, Duration.ofHours(1), 500);
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 2_500;
            loops.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2_500; i++) writer.record(record("acct4", base + i));
            }));
        }
        for (Thread loop : loops) loop.join();
        // A wake-up per record (a futex call and a carrier unparked) is the cost this writer exists to avoid.
        assertThat(writer.wakeUps()).isZero();
        assertThat(batches).isEmpty();
        writer.close();
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(10_000);
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(500));
    }

    @Test
    void queuedBatchesAreWrittenBackToBackWithoutWaitingAnIntervalEach() throws Exception {
        List<List<UsageRecord>> batches = new CopyOnWriteArrayList<>();
        List<Long> writtenAt = new CopyOnWriteArrayList<>();
        CountDownLatch allWritten = new CountDownLatch(1_000);
        UsageWriter writer = new UsageWriter(batch -> {
            writtenAt.add(System.nanoTime());
            batches.add(List.copyOf(batch));
            batch.forEach(r -> allWritten.countDown());
        }, b -> {}, Duration.ofMillis(300), 100);
        for (int i = 0; i < 1_000; i++) writer.record(record("acct5", i));
        assertThat(allWritten.await(10, TimeUnit.SECONDS)).isTrue();
        writer.close();
        assertThat(batches).hasSize(10).allSatisfy(b -> assertThat(b).hasSize(100));
        // One interval gathered them; the ten batches followed one another, not an interval apart.
        assertThat(writtenAt.getLast() - writtenAt.getFirst()).isLessThan(Duration.ofMillis(300).toNanos());
    }

    @Test
    void whenTheIdleWatchNeverRunsRecordsAreWrittenOncePatienceRunsOut() throws Exception {
        CountDownLatch written = new CountDownLatch(250);
        List<List<UsageRecord>> batches = new CopyOnWriteArrayList<>();
        AtomicReference<UsageWriter> self = new AtomicReference<>();
        long started = System.nanoTime();
        // No idle watch: as on cores that never rest, where a thread in the idle class never runs.
        UsageWriter writer = new UsageWriter(batch -> {
            // A request finishes while the last overdue batch is being written.
            if (batch.size() == 50) self.get().record(record("acct7", 250));
            batches.add(List.copyOf(batch));
            batch.forEach(r -> written.countDown());
        }, b -> {}, Duration.ofMillis(20), 100, false);
        self.set(writer);
        for (int i = 0; i < 250; i++) writer.record(record("acct7", i));
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        long waited = System.nanoTime() - started;
        // Five intervals of patience, then every batch at once.
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        // Caught up with what was overdue, it waits its patience again for the record that came
        // meanwhile, rather than chasing new records one tiny transaction at a time.
        Thread.sleep(50);
        assertThat(batches).extracting(List::size).containsExactly(100, 100, 50);
        writer.close();
        assertThat(batches).extracting(List::size).containsExactly(100, 100, 50, 1);
    }

    @Test
    void batchesAreWrittenOneAtATimeAndNoLargerThanTheMaximum() throws Exception {
        List<Integer> inFlight = new CopyOnWriteArrayList<>();
        AtomicInteger writing = new AtomicInteger();
        CountDownLatch written = new CountDownLatch(95);
        UsageWriter writer = new UsageWriter(batch -> {
            inFlight.add(writing.incrementAndGet());
            batch.forEach(r -> written.countDown());
            writing.decrementAndGet();
        }, b -> {}, Duration.ofMillis(20), 10);
        for (int i = 0; i < 95; i++) writer.record(record("acct8", i));
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        writer.close();
        assertThat(inFlight).hasSize(10).containsOnly(1);
    }

    @Test
    void closeDoesNotInterruptAWriteInProgress() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        List<UsageRecord> written = new CopyOnWriteArrayList<>();
        // Interrupting a virtual thread in socket I/O closes the socket: a PostgreSQL write would fail mid-batch.
        UsageSink slow = batch -> {
            writing.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
            written.addAll(batch);
        };
        UsageWriter writer = new UsageWriter(slow, b -> {}, Duration.ofMillis(10), 100);
        writer.record(record("acct6", 0));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        writer.record(record("acct6", 1));
        writer.close();
        assertThat(interrupted).isFalse();
        assertThat(written).hasSize(2);
    }
}
