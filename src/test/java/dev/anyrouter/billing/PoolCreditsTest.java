package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A donor's credit-back is written with the request's charge, once, and never for a request that was not charged. */
@ParameterizedClass
@EnumSource(Engine.class)
class PoolCreditsTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T23:59:00Z"));
    Database db;
    Ledger ledger;
    PoolCredits credits;
    String requester;
    String donor;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        ledger = new Ledger(db, clock);
        credits = new PoolCredits(db, ledger, clock);
        requester = TestDatabases.createAccount(db);
        donor = TestDatabases.createAccount(db);
        ledger.grant(requester, 1_000_000, "grant-1", "test");
    }

    private long settle(String requestId, long cost, PoolCredits.CreditBack back) {
        return ledger.settle(requester, requestId, cost, "m", c -> null, c -> {
            credits.writeInTx(c, requestId, back);
            return null;
        });
    }

    private PoolCredits.CreditBack back(long cost) {
        return new PoolCredits.CreditBack(donor, "key-1", "openai", 10, 1000, cost, PoolCredits.CreditBack.share(cost, new BigDecimal("0.05")));
    }

    @Test
    void aSettledPoolRequestCreditsItsDonorOnceHoweverOftenItIsSettled() {
        ledger.reserve(requester, "r1", 100_000);
        assertThat(settle("r1", 15_013, back(15_013))).isEqualTo(15_013);
        assertThat(settle("r1", 15_013, back(15_013))).isZero(); // a retried settle
        assertThat(ledger.balanceMicros(donor)).isEqualTo(751); // 5 % of 15,013 is 750.65
        assertThat(ledger.entries(donor)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Ledger.GRANT);
            assertThat(e.requestId()).startsWith(PoolCredits.CREDIT_PREFIX).isNotEqualTo("r1");
            assertThat(e.memo()).contains(PoolCredits.MEMO);
        });
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM pool_credits WHERE request_id = ?", "r1")).isEqualTo(1);
        assertThat(credits.total("key-1").creditMicros()).isEqualTo(751);
        assertThat(new LedgerAudit(db, clock, Duration.ofHours(1), Duration.ZERO).run().breaches())
                .allSatisfy(b -> assertThat(b.invariant()).isIn("unbilled", "unlogged")); // no usage records in this test
    }

    @Test
    void theAuditFindsACreditBackWithoutItsGrantOrItsCharge() {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO pool_credits (request_id, credit_id, key_id, donor_account_id, provider, day,"
                    + " input_tokens, output_tokens, notional_micros, credit_micros, created_at)"
                    + " VALUES ('forged', 'pool-credit:forged', 'key-1', ?, 'openai', '2026-12-08', 1, 1, 100, 5, 0)")) {
                ps.setString(1, donor);
                return ps.executeUpdate();
            }
        });
        assertThat(new LedgerAudit(db, clock, Duration.ofHours(1), Duration.ZERO).run().breaches())
                .filteredOn(b -> b.invariant().equals("credit-back")).singleElement()
                .satisfies(b -> assertThat(b.line()).contains("forged").contains("no grant"));
    }

    @Test
    void aReleasedHoldCreditsNothing() {
        ledger.reserve(requester, "r2", 100_000);
        assertThat(ledger.release(requester, "r2")).isTrue();
        assertThat(settle("r2", 15_013, back(15_013))).isZero();
        assertThat(ledger.balanceMicros(donor)).isZero();
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM pool_credits WHERE request_id = ?", "r2")).isZero();
    }

    @Test
    void aFreeRequestIsCountedButCreditsNoEntry() {
        ledger.reserve(requester, "r3", 100_000);
        settle("r3", 0, back(0));
        assertThat(ledger.entries(donor)).isEmpty();
        assertThat(credits.today("key-1").requests()).isEqualTo(1);
    }

    @Test
    void theDonorSeesUseByKeyAndUtcDay() {
        ledger.reserve(requester, "d1", 100_000);
        settle("d1", 20_000, back(20_000));
        clock.advance(Duration.ofMinutes(2)); // past midnight UTC
        ledger.reserve(requester, "d2", 100_000);
        settle("d2", 40_000, back(40_000));
        assertThat(credits.days(donor, 30)).extracting(PoolCredits.Day::day, PoolCredits.Day::requests, PoolCredits.Day::creditMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-12-09", 1L, 2_000L),
                        org.assertj.core.groups.Tuple.tuple("2026-12-08", 1L, 1_000L));
        assertThat(credits.today("key-1").requests()).isEqualTo(1);
        assertThat(credits.total("key-1").requests()).isEqualTo(2);
    }
}
