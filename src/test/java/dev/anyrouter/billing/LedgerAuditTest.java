package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.usage.UsageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class LedgerAuditTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-05-06T07:08:09Z"));
    Database db;
    Ledger ledger;
    UsageStore usage;
    LedgerAudit audit;
    String alice;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        ledger = new Ledger(db, clock);
        usage = new UsageStore(db);
        audit = new LedgerAudit(db, clock, Duration.ofHours(1), Duration.ofSeconds(5));
        alice = TestDatabases.createAccount(db);
        ledger.grant(alice, 2_000_000, "signup:" + alice, "signup credit");
    }

    /** A credits request as the gateway runs it: hold, usage record, settle or release. */
    void request(String id, int status, long costMicros, boolean settle) {
        ledger.reserve(alice, id, 100_000);
        usage.insertBatch(List.of(record(id, status)));
        if (settle) ledger.settle(alice, id, costMicros, "openai/gpt-4.1-mini");
        else ledger.release(alice, id);
    }

    UsageRecord record(String id, int status) {
        return new UsageRecord(id, clock.instant(), alice, null, "openai/gpt-4.1-mini", "openai", null, "AnyRouter credits", status,
                null, true, 10, 20, 0, 5, 1L, null, null, List.of(), "credits", 0);
    }

    List<String> breaches() {
        return audit.run().breaches().stream().map(LedgerAudit.Breach::line).toList();
    }

    void sql(String statement) {
        db.inTransaction(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate(statement);
            }
        });
    }

    @Test
    void aLedgerKeptByTheRulesPasses() {
        request("req-served", 200, 1_234, true);
        request("req-gone", 499, 77, true);
        request("req-failed", 503, 0, false);
        ledger.reserve(alice, "req-in-flight", 50_000);
        usage.insertBatch(List.of(record("req-in-flight", 200))); // its settle has not happened yet
        clock.advance(Duration.ofMinutes(1));
        LedgerAudit.Report report = audit.run();
        assertThat(report.breaches()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.openHolds()).isEqualTo(1);
        assertThat(report.creditsRecords()).isEqualTo(4);
    }

    @Test
    void aRunningBalanceThatDriftedFromItsEntriesIsNamed() {
        sql("UPDATE credit_balances SET balance_micros = balance_micros + 1 WHERE account_id = '" + alice + "'");
        assertThat(breaches()).singleElement().asString()
                .startsWith("balance: account " + alice + ": its entries sum to $2.00 but its running balance is $2.000001");
    }

    @Test
    void heldCreditThatNoOpenHoldExplainsIsNamed() {
        ledger.reserve(alice, "req-1", 30_000);
        sql("UPDATE credit_holds SET state = 'voided' WHERE request_id = 'req-1'");
        assertThat(breaches()).singleElement().asString().startsWith("held: account " + alice + ": it says $0.03 is held");
    }

    @Test
    void aHoldOpenLongerThanTheLongestRequestIsNamed() {
        ledger.reserve(alice, "req-old", 30_000);
        clock.advance(Duration.ofMinutes(59));
        assertThat(breaches()).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(breaches()).singleElement().asString()
                .startsWith("stale-hold: hold of request req-old (account " + alice + "): open since 2026-05-06T07:08:09Z");
    }

    @Test
    void aServedCreditsRequestWithNoDebitIsNamedEvenWhenItsHoldWasReleased() {
        request("req-released", 200, 0, false);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaches()).singleElement().asString()
                .isEqualTo("unbilled: usage record req-released: a credits request (status 200) with no debit entry; its hold was voided");
    }

    @Test
    void aDebitWithNoUsageRecordIsNamedOnceTheGraceHasPassed() {
        ledger.reserve(alice, "req-unlogged", 30_000);
        ledger.settle(alice, "req-unlogged", 1_000, "m");
        assertThat(breaches()).as("the usage writer may not have written it yet").isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(breaches()).singleElement().asString()
                .matches("unlogged: entry [0-9a-f-]+: a debit for request req-unlogged with no credits usage record");
    }

    @Test
    void aDebitWithNoSettledHoldAndAnEntryOfTheWrongSignAreNamed() {
        ledger.append(alice, -500, Ledger.DEBIT, "req-raw", "written past settle");
        usage.insertBatch(List.of(record("req-raw", 200)));
        sql("INSERT INTO ledger_entries (id, account_id, amount_micros, kind, request_id, memo, created_at, counter_account)"
                + " VALUES ('bad-entry', '" + alice + "', -5, 'grant', 'x', '', 0, 'system:grants')");
        sql("UPDATE credit_balances SET balance_micros = balance_micros - 5 WHERE account_id = '" + alice + "'");
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaches()).containsExactly(
                "entry: entry bad-entry: a grant of -$0.000005 against system:grants",
                breaches().get(1));
        assertThat(breaches().get(1)).matches("settle: entry [0-9a-f-]+: a debit for request req-raw with no settled hold");
    }
}
