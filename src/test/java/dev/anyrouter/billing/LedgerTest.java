package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class LedgerTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    Database db;
    Ledger ledger;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        ledger = new Ledger(db, clock);
        alice = TestDatabases.createAccount(db);
        bob = TestDatabases.createAccount(db);
    }

    @Test
    void accountWithNoEntriesHasZeroBalance() {
        assertThat(ledger.balanceMicros(alice)).isZero();
        assertThat(ledger.entries(alice)).isEmpty();
    }

    @Test
    void balanceIsTheSumOfSeededRandomEntries() {
        Random random = new Random(42);
        long expected = 0;
        for (int i = 0; i < 60; i++) {
            long amount;
            String kind;
            if (random.nextBoolean()) {
                amount = 1 + random.nextInt(5_000_000);
                kind = random.nextBoolean() ? Ledger.GRANT : Ledger.TOPUP;
            } else {
                amount = -random.nextInt(3_000_000);
                kind = Ledger.DEBIT;
            }
            assertThat(ledger.append(alice, amount, kind, kind.equals(Ledger.DEBIT) ? "req-" + i : null, "case " + i)).isTrue();
            expected += amount;
        }
        assertThat(ledger.balanceMicros(alice)).isEqualTo(expected);
        var entries = ledger.entries(alice);
        assertThat(entries).hasSize(60);
        assertThat(entries.stream().mapToLong(LedgerEntry::amountMicros).sum()).isEqualTo(expected);
    }

    @Test
    void aRequestIsDebitedOnceHoweverOftenItIsRetried() {
        ledger.append(alice, 2_000_000, Ledger.GRANT, null, "signup credit");
        assertThat(ledger.append(alice, -1_500, Ledger.DEBIT, "req-1", "gpt-4.1")).isTrue();
        assertThat(ledger.append(alice, -1_500, Ledger.DEBIT, "req-1", "gpt-4.1 retried")).isFalse();
        boolean again = db.inTransaction(c -> ledger.appendInTx(c, alice, -1_500, Ledger.DEBIT, "req-1", "again"));
        assertThat(again).isFalse();
        assertThat(ledger.balanceMicros(alice)).isEqualTo(2_000_000 - 1_500);
        assertThat(ledger.entries(alice)).hasSize(2);
    }

    @Test
    void grantsWithoutARequestIdMayRepeat() {
        ledger.append(alice, 100, Ledger.GRANT, null, "one");
        ledger.append(alice, 100, Ledger.GRANT, null, "two");
        assertThat(ledger.balanceMicros(alice)).isEqualTo(200);
    }

    @Test
    void amountSignMustFitTheKind() {
        assertThatThrownBy(() -> ledger.append(alice, 500, Ledger.DEBIT, "r", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.append(alice, -500, Ledger.GRANT, null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.append(alice, 0, Ledger.TOPUP, null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.append(alice, 5, "gift", null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.entries(alice)).isEmpty();
    }

    @Test
    void entriesAreNewestFirstAndCarryTheirFields() {
        ledger.append(alice, 2_000_000, Ledger.GRANT, null, "signup credit");
        clock.advance(Duration.ofMinutes(1));
        ledger.append(alice, -42, Ledger.DEBIT, "req-9", "claude");

        assertThat(ledger.entries(alice)).satisfiesExactly(
                debit -> {
                    assertThat(debit.kind()).isEqualTo("debit");
                    assertThat(debit.amountMicros()).isEqualTo(-42);
                    assertThat(debit.requestId()).isEqualTo("req-9");
                    assertThat(debit.memo()).isEqualTo("claude");
                    assertThat(debit.at()).isEqualTo(clock.instant());
                },
                grant -> {
                    assertThat(grant.kind()).isEqualTo("grant");
                    assertThat(grant.requestId()).isNull();
                });
        assertThat(ledger.entries(alice, 1)).extracting(LedgerEntry::kind).containsExactly("debit");
    }

    @Test
    void accountsSeeOnlyTheirOwnEntries() {
        ledger.append(alice, 1_000, Ledger.GRANT, null, "");
        ledger.append(bob, 7, Ledger.TOPUP, null, "");
        ledger.append(bob, -1, Ledger.DEBIT, "shared-request-id", "");
        ledger.append(alice, -1, Ledger.DEBIT, "shared-request-id", "");
        assertThat(ledger.balanceMicros(alice)).isEqualTo(999);
        assertThat(ledger.balanceMicros(bob)).isEqualTo(6);
        assertThat(ledger.entries(bob)).extracting(LedgerEntry::accountId).containsOnly(bob);
    }

    @Test
    void appendInTxRollsBackWithTheCaller() {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            ledger.appendInTx(c, alice, 5, Ledger.GRANT, null, "");
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        assertThat(ledger.balanceMicros(alice)).isZero();
    }
}
