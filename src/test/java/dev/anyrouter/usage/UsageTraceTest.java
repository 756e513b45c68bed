package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.TestDatabases;
import dev.anyrouter.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UsageTraceTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRecordKeepsItsAttemptTraceBillingAndCost(Engine engine) {
        Database db = DATABASES.open(engine);
        UsageStore store = new UsageStore(db);
        List<AttemptTrace> trace = List.of(new AttemptTrace("first", "openai", "401 quarantined", 12),
                new AttemptTrace("second", "openai", "ok", 340));
        var record = new UsageRecord("req-1", Instant.ofEpochMilli(1_700_000_000_000L), "acct", "key-1", "openai/gpt-4.1-mini",
                "openai", "pk-2", "second", 200, null, false, 10, 5, 0, 352, 300L, null, null, trace, "byok", 12);
        var bare = new UsageRecord("req-2", Instant.ofEpochMilli(1_700_000_000_001L), "acct", "key-1", "x", null, null, null,
                400, "model_not_found", false, 0, 0, 0, 1, null, null, null);
        store.insertBatch(List.of(record, bare));

        assertThat(store.find("acct", "req-1")).contains(record);
        assertThat(store.find("acct", "req-2")).hasValueSatisfying(r -> {
            assertThat(r.attempts()).isEmpty();
            assertThat(r.billing()).isNull();
            assertThat(r.costMicros()).isZero();
        });
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theTraceIsStoredAsTheSameJsonTheMapperWritesSoOldRowsStayReadable(Engine engine) {
        Database db = DATABASES.open(engine);
        UsageStore store = new UsageStore(db);
        List<AttemptTrace> trace = List.of(new AttemptTrace("prim\u00e4ry \"one\"", "openai", "429 cool-down 20 s", 12, "openai/gpt-4.1-mini"),
                new AttemptTrace("second", "anthropic", "ok", 340));
        store.insertBatch(List.of(new UsageRecord("req-3", Instant.ofEpochMilli(1_700_000_000_000L), "acct", "key-1", "x",
                "anthropic", "pk-2", "second", 200, null, false, 1, 1, 0, 352, null, null, null, trace, "byok", 0)));

        String stored = db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT attempts_json FROM usage_records WHERE id = 'req-3'");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(stored).isEqualTo(new String(Json.bytes(trace), StandardCharsets.UTF_8));
        assertThat(stored).startsWith("[{\"key\":\"prim\u00e4ry \\\"one\\\"\",\"provider\":\"openai\"");
        assertThat(store.find("acct", "req-3")).hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(trace));
    }
}
