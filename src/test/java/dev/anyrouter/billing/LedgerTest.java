package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        int written = 0;
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
            if (expected + amount < 0) {
                long debit = amount;
                int n = i;
                assertThatThrownBy(() -> ledger.append(alice, debit, Ledger.DEBIT, "req-" + n, "too much"))
                        .isInstanceOf(InsufficientCreditException.class);
                continue;
            }
            assertThat(ledger.append(alice, amount, kind, kind.equals(Ledger.DEBIT) ? "req-" + i : null, "case " + i)).isTrue();
            expected += amount;
            written++;
        }
        assertThat(ledger.balanceMicros(alice)).isEqualTo(expected).isEqualTo(ledger.runningBalanceMicros(alice));
        var entries = ledger.entries(alice);
        assertThat(entries).hasSize(written);
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
                    assertThat(grant.requestId()).as("every entry names its request").startsWith("ledger:");
                    assertThat(grant.counterAccount()).isEqualTo(Ledger.GRANTS_BOOK);
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
    void aReservationHoldsCreditSoAConcurrentRequestCannotOverdraw() {
        ledger.grant(alice, 1_000, "g1", "");
        assertThat(ledger.reserve(alice, "r1", 700)).isEqualTo(new Reservation.Held("r1", 700));
        assertThat(ledger.reserve(alice, "r2", 400)).isEqualTo(new Reservation.Insufficient(300, 400));
        assertThat(ledger.reserve(alice, "r1", 700)).as("asking again holds nothing more").isInstanceOf(Reservation.Held.class);
        assertThat(ledger.availableMicros(alice)).isEqualTo(300);
        assertThat(ledger.balanceMicros(alice)).as("a hold is not a debit").isEqualTo(1_000);
        assertThat(ledger.reserve(bob, "r3", 1)).as("no credit at all").isEqualTo(new Reservation.Insufficient(0, 1));
    }

    @Test
    void reservingUpToHoldsTheWorstCaseWhenItFitsElseWhatIsLeftAndRefusesBelowTheLeast() {
        ledger.grant(alice, 1_000, "g1", "");
        assertThat(ledger.reserveUpTo(alice, "r1", 100, 600)).isEqualTo(new Reservation.Held("r1", 600));
        assertThat(ledger.reserveUpTo(alice, "r2", 100, 600)).as("what is left").isEqualTo(new Reservation.Held("r2", 400));
        assertThat(ledger.reserveUpTo(alice, "r3", 1, 600)).as("nothing left").isEqualTo(new Reservation.Insufficient(0, 1));
        assertThat(ledger.reserveUpTo(alice, "r2", 100, 600)).as("asking again holds nothing more").isEqualTo(new Reservation.Held("r2", 400));
        ledger.settle(alice, "r1", 50, "");
        assertThat(ledger.reserveUpTo(alice, "r4", 600, 900)).as("550 free, 600 needed").isEqualTo(new Reservation.Insufficient(550, 600));
        assertThat(ledger.availableMicros(alice)).isEqualTo(550);
        assertThat(ledger.reserveUpTo(bob, "r5", 0, 10)).as("no balance row at all").isInstanceOf(Reservation.Insufficient.class);
        assertThatThrownBy(() -> ledger.reserveUpTo(alice, "r6", 10, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentReservationsUpToTheWorstCaseNeverHoldMoreThanTheBalance() throws Exception {
        ledger.grant(alice, 50_000, "g1", "");
        int requests = 50;
        var held = new java.util.concurrent.atomic.AtomicLong();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String id = "c" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    if (ledger.reserveUpTo(alice, id, 1_000, 7_000) instanceof Reservation.Held h) held.addAndGet(h.amountMicros());
                    return null;
                }));
            }
            start.countDown();
            for (var f : done) f.get();
        }
        assertThat(held.get()).isEqualTo(50_000).isEqualTo(ledger.heldMicros(alice));
        assertThat(ledger.availableMicros(alice)).isZero();
    }

    @Test
    void settlingDebitsTheReportedCostOnceAndFreesTheRestOfTheHold() {
        ledger.grant(alice, 1_000, "g1", "");
        ledger.reserve(alice, "r1", 700);
        assertThat(ledger.settle(alice, "r1", 120, "openai/gpt-4.1-mini")).isEqualTo(120);
        assertThat(ledger.settle(alice, "r1", 120, "retried")).isZero();
        assertThat(ledger.release(alice, "r1")).isFalse();
        assertThat(ledger.balanceMicros(alice)).isEqualTo(880).isEqualTo(ledger.runningBalanceMicros(alice));
        assertThat(ledger.availableMicros(alice)).isEqualTo(880);
        assertThat(ledger.entries(alice)).filteredOn(e -> e.kind().equals(Ledger.DEBIT)).singleElement()
                .satisfies(e -> {
                    assertThat(e.requestId()).isEqualTo("r1");
                    assertThat(e.counterAccount()).isEqualTo(Ledger.REVENUE_BOOK);
                });
    }

    @Test
    void aDebitNeverTakesTheBalanceBelowZeroNorIntoOtherRequestsHolds() {
        ledger.grant(alice, 1_000, "g1", "");
        ledger.reserve(alice, "r1", 300);
        ledger.reserve(alice, "r2", 600);
        assertThat(ledger.settle(alice, "r1", 5_000, "ran long")).as("capped at 1,000 less r2's 600").isEqualTo(400);
        assertThat(ledger.balanceMicros(alice)).isEqualTo(600);
        assertThat(ledger.settle(alice, "r2", 600, "")).isEqualTo(600);
        assertThat(ledger.balanceMicros(alice)).isZero();
    }

    @Test
    void releasingAFailedRequestDebitsNothingAndAbandonedHoldsAreReleasedAtStartUp() {
        ledger.grant(alice, 1_000, "g1", "");
        ledger.reserve(alice, "failed", 500);
        assertThat(ledger.release(alice, "failed")).isTrue();
        assertThat(ledger.settle(alice, "failed", 10, "")).as("a released request cannot be billed").isZero();
        ledger.reserve(alice, "crashed", 400);
        clock.advance(Duration.ofHours(2));
        ledger.reserve(alice, "in-flight", 100);
        assertThat(ledger.releaseAbandoned(clock.instant().minus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(ledger.availableMicros(alice)).isEqualTo(900);
        assertThat(ledger.balanceMicros(alice)).isEqualTo(1_000);
    }

    @Test
    void aNodeThatStartsAgainReleasesItsOwnHoldsAndNoOtherNodes() {
        ledger.grant(alice, 1_000, "g1", "");
        Ledger nodeA = new Ledger(db, clock, "node-a");
        Ledger nodeB = new Ledger(db, clock, "node-b");
        nodeA.reserve(alice, "a-1", 100);
        nodeA.reserve(alice, "a-2", 200);
        nodeB.reserve(alice, "b-1", 300);
        assertThat(new Ledger(db, clock, "node-a").releaseOwnHolds()).isEqualTo(2);
        assertThat(ledger.heldMicros(alice)).isEqualTo(300);
        assertThat(nodeA.releaseOwnHolds()).as("nothing of its own left").isZero();
        assertThat(nodeB.settle(alice, "b-1", 250, "")).isEqualTo(250);
        assertThat(ledger.balanceMicros(alice)).isEqualTo(750);
    }

    @Test
    void theBooksAlwaysSumToZero() {
        ledger.grant(alice, 1_000, "g1", "");
        ledger.append(bob, 500, Ledger.TOPUP, "t1", "");
        ledger.reserve(alice, "r1", 100);
        ledger.settle(alice, "r1", 60, "");
        var books = ledger.books();
        assertThat(books).containsEntry(Ledger.GRANTS_BOOK, -1_500L).containsEntry(Ledger.REVENUE_BOOK, 60L)
                .containsEntry(alice, 940L).containsEntry(bob, 500L);
        assertThat(books.values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void appendInTxRollsBackWithTheCaller() {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            ledger.appendInTx(c, alice, 5, Ledger.GRANT, null, "");
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        assertThat(ledger.balanceMicros(alice)).isZero();
    }

    @Test
    void walkingThePagesReadsEveryEntryOnceNewestFirstEvenWhenManyShareAMillisecond() {
        Random random = new Random(7);
        for (int i = 0; i < 237; i++) {
            if (random.nextInt(3) == 0) clock.advance(Duration.ofMillis(1)); // ties on created_at are common
            ledger.grant(alice, 1 + i, "g-" + i, "grant " + i);
        }
        ledger.grant(bob, 5, "g-bob", "not alice's");
        List<LedgerEntry> walked = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            LedgerPage page = ledger.page(alice, 50, before);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(50);
            walked.addAll(page.entries());
            before = page.nextBefore();
            pages++;
        } while (before != null);
        assertThat(pages).isEqualTo(5);
        assertThat(walked).hasSize(237).extracting(LedgerEntry::accountId).containsOnly(alice);
        assertThat(new HashSet<>(walked.stream().map(LedgerEntry::id).toList())).hasSize(237);
        assertThat(walked).isEqualTo(ledger.entries(alice));
        for (int i = 1; i < walked.size(); i++) {
            assertThat(walked.get(i).at()).isBeforeOrEqualTo(walked.get(i - 1).at());
        }
    }

    @Test
    void aPageThatEndsExactlyAtTheOldestEntryHasNoNextPage() {
        for (int i = 0; i < 4; i++) ledger.grant(alice, 10, "g-" + i, "grant");
        LedgerPage first = ledger.page(alice, 2, null);
        assertThat(first.hasMore()).isTrue();
        LedgerPage second = ledger.page(alice, 2, first.nextBefore());
        assertThat(second.entries()).hasSize(2);
        assertThat(second.hasMore()).isFalse();
        assertThat(second.nextBefore()).isNull();
    }

    @Test
    void aCursorThatIsNotOneOfTheAccountsEntriesIsRefused() {
        ledger.grant(alice, 10, "g-a", "grant");
        ledger.grant(bob, 10, "g-b", "grant");
        String bobsEntry = ledger.entries(bob).getFirst().id();
        assertThatThrownBy(() -> ledger.page(alice, 10, bobsEntry)).isInstanceOf(LedgerPages.UnknownCursorException.class);
        assertThatThrownBy(() -> ledger.page(alice, 10, "no-such-entry")).isInstanceOf(LedgerPages.UnknownCursorException.class);
    }
}
