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
class LedgerPagesTest {
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
