package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Analytics figures are the sums of the usage records they cover, on both engines, over seeded random request mixes. */
@ParameterizedClass
@EnumSource(Engine.class)
class UsageAnalyticsTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final String[] MODELS = {"openai/gpt-5", "anthropic/claude-sonnet-4-5", "google/gemini-2.5-pro", null};
    static final String[] APPS = {"My App", null};

    @Parameter
    Engine engine;

    Database db;
    UsageStore store;
    UsageAnalytics analytics;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        store = new UsageStore(db);
        analytics = new UsageAnalytics(db);
    }

    static UsageRecord random(Random r, String account) {
        Instant at = START.plusSeconds(r.nextInt(10 * 86_400));
        int model = r.nextInt(MODELS.length);
        boolean failed = MODELS[model] == null || r.nextInt(5) == 0;
        int status = failed ? new int[] {400, 429, 502, 499}[r.nextInt(4)] : 200;
        String billing = failed ? null : r.nextInt(4) == 0 ? "credits" : "byok";
        String provider = MODELS[model] == null ? null : MODELS[model].substring(0, MODELS[model].indexOf('/'));
        String keyId = "credits".equals(billing) || provider == null ? null : provider + "-key-" + r.nextInt(2);
        return new UsageRecord(UUID.randomUUID().toString(), at, account, "api-" + r.nextInt(3), MODELS[model], provider, keyId,
                keyId == null ? null : "alias " + keyId, status, failed ? "err" : null, r.nextBoolean(), r.nextInt(5_000),
                r.nextInt(2_000), r.nextInt(1_000), 50 + r.nextInt(5_000), r.nextBoolean() ? null : (long) r.nextInt(900),
                r.nextBoolean() ? "https://app.example" : null, APPS[r.nextInt(APPS.length)], List.of(), billing,
                failed ? 0 : r.nextInt(90_000));
    }

    static String groupOf(UsageRecord r, UsageAnalytics.GroupBy by) {
        return switch (by) {
            case DAY -> LocalDate.ofInstant(r.at(), ZoneOffset.UTC).toString();
            case MODEL -> r.model();
            case PROVIDER -> r.provider();
            case KEY -> r.keyId();
            case APP -> r.appTitle() != null ? r.appTitle() : r.appReferer();
            case API_KEY -> r.apiKeyId();
        };
    }

    @Test
    void figuresEqualTheSumsOfTheRecordsTheyCoverForEveryGrouping() {
        for (int seed = 0; seed < 6; seed++) {
            Random r = new Random(91_000L + seed);
            String account = TestDatabases.createAccount(db);
            String other = TestDatabases.createAccount(db);
            List<UsageRecord> mine = new ArrayList<>();
            for (int i = 0, n = 20 + r.nextInt(120); i < n; i++) mine.add(random(r, account));
            List<UsageRecord> theirs = new ArrayList<>();
            for (int i = 0; i < 30; i++) theirs.add(random(r, other));
            store.insertBatch(mine);
            store.insertBatch(theirs);
            Instant from = START.plusSeconds(r.nextInt(3 * 86_400));
            Instant to = from.plusSeconds(86_400L * (1 + r.nextInt(8)));
            List<UsageRecord> covered = mine.stream().filter(u -> !u.at().isBefore(from) && u.at().isBefore(to)).toList();
            for (UsageAnalytics.GroupBy by : UsageAnalytics.GroupBy.values()) {
                UsageAnalytics.Report report = analytics.report(account, from, to, by);
                assertThat(report.total()).as("total by %s, seed %d", by, seed).satisfies(t -> matches(t, covered));
                Map<String, List<UsageRecord>> groups = new HashMap<>();
                for (UsageRecord u : covered) groups.computeIfAbsent(String.valueOf(groupOf(u, by)), k -> new ArrayList<>()).add(u);
                assertThat(report.rows()).extracting(row -> String.valueOf(row.group())).containsExactlyInAnyOrderElementsOf(groups.keySet());
                for (UsageAnalytics.Row row : report.rows()) {
                    assertThat(row).as("%s %s", by, row.group()).satisfies(x -> matches(x, groups.get(String.valueOf(row.group()))));
                }
            }
        }
    }

    static void matches(UsageAnalytics.Row row, List<UsageRecord> records) {
        assertThat(row.requests()).isEqualTo(records.size());
        assertThat(row.errors()).isEqualTo(records.stream().filter(u -> u.status() / 100 != 2).count());
        assertThat(row.inputTokens()).isEqualTo(sum(records, UsageRecord::inputTokens));
        assertThat(row.outputTokens()).isEqualTo(sum(records, UsageRecord::outputTokens));
        assertThat(row.cachedTokens()).isEqualTo(sum(records, UsageRecord::cachedTokens));
        assertThat(row.costMicros()).isEqualTo(sum(records, UsageRecord::costMicros));
        assertThat(row.creditsMicros()).isEqualTo(sum(records, u -> "credits".equals(u.billing()) ? u.costMicros() : 0));
        assertThat(row.byokSavedMicros()).isEqualTo(sum(records, u -> "byok".equals(u.billing()) ? u.costMicros() : 0));
        List<UsageRecord> served = records.stream().filter(u -> u.status() / 100 == 2).toList();
        assertThat(row.latency()).isEqualTo(percentiles(served.stream().mapToLong(UsageRecord::latencyMs).toArray()));
        assertThat(row.ttft()).isEqualTo(percentiles(served.stream().filter(u -> u.ttftMs() != null)
                .mapToLong(UsageRecord::ttftMs).toArray()));
    }

    /** Nearest-rank percentiles, written out independently of the class under test. */
    static UsageAnalytics.Percentiles percentiles(long[] values) {
        if (values.length == 0) return new UsageAnalytics.Percentiles(null, null, null);
        Arrays.sort(values);
        Function<Integer, Long> at = p -> values[Math.max(0, (int) Math.ceil(p * values.length / 100.0) - 1)];
        return new UsageAnalytics.Percentiles(at.apply(50), at.apply(90), at.apply(99));
    }

    static long sum(List<UsageRecord> records, java.util.function.ToLongFunction<UsageRecord> f) {
        return records.stream().mapToLong(f).sum();
    }

    @Test
    void theRangeIncludesFromAndExcludesToAndKeysCarryTheirAlias() {
        String account = TestDatabases.createAccount(db);
        List<UsageRecord> records = new ArrayList<>();
        for (Instant at : List.of(START, START.plusSeconds(86_400), START.plusSeconds(2 * 86_400))) {
            records.add(new UsageRecord(UUID.randomUUID().toString(), at, account, "api", "openai/gpt-5", "openai", "k1", "work key",
                    200, null, false, 10, 5, 0, 100, 20L, null, null, List.of(), "byok", 7));
        }
        store.insertBatch(records);
        UsageAnalytics.Report days = analytics.report(account, START, START.plusSeconds(2 * 86_400), UsageAnalytics.GroupBy.DAY);
        assertThat(days.rows()).extracting(UsageAnalytics.Row::group).containsExactly("2026-11-01", "2026-11-02");
        UsageAnalytics.Report keys = analytics.report(account, START, START.plusSeconds(3 * 86_400), UsageAnalytics.GroupBy.KEY);
        assertThat(keys.rows()).singleElement().satisfies(row -> {
            assertThat(row.group()).isEqualTo("k1");
            assertThat(row.label()).isEqualTo("work key");
            assertThat(row.byokSavedMicros()).isEqualTo(21);
        });
    }

    @Test
    void aReportOnManyRecordsCostsARowPerGroupNotARowPerRecord() {
        // Before: every served record's timings were read into memory to sort them here.
        String account = TestDatabases.createAccount(db);
        int n = 60_000;
        db.withConnection(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("INSERT INTO usage_records (id, created_at, account_id, model, status, stream, input_tokens,"
                        + " output_tokens, cached_tokens, latency_ms, ttft_ms) WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL"
                        + " SELECT i + 1 FROM seq WHERE i < " + n + ") SELECT 'bulk-' || i, " + START.toEpochMilli() + " + i * 1000, '"
                        + account + "', CASE WHEN i % 3 = 0 THEN 'openai/gpt-5' ELSE 'anthropic/claude-sonnet-4-5' END, 200, 0, 1, 1, 0,"
                        + " (i * 7919) % 10007, CASE WHEN i % 2 = 0 THEN NULL ELSE i % 997 END FROM seq");
            }
            return null;
        });
        Instant to = START.plusSeconds(n + 1);
        analytics.report(account, START, to, UsageAnalytics.GroupBy.MODEL); // classes loaded, statements prepared
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        UsageAnalytics.Report report = analytics.report(account, START, to, UsageAnalytics.GroupBy.MODEL);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(report.total().requests()).isEqualTo(n);
        long[] latencies = new long[n];
        long[] ttfts = new long[n / 2];
        for (int i = 1; i <= n; i++) {
            latencies[i - 1] = (i * 7919L) % 10007;
            if (i % 2 == 1) ttfts[i / 2] = i % 997;
        }
        assertThat(report.total().latency()).isEqualTo(percentiles(latencies));
        assertThat(report.total().ttft()).isEqualTo(percentiles(ttfts));
        assertThat(allocated).as("bytes allocated for a report on %d records", n).isLessThan(2_000_000);
    }
}
