package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class SignupGrantsTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    Database db;
    Ledger ledger;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        ledger = new Ledger(db, clock);
    }

    SignupGrants grants(int perAddress, int perWindow, boolean verifiedEmail) {
        return new SignupGrants(db, ledger, new SignupGrants.Limits(2_000_000, perAddress, perWindow, Duration.ofDays(1), verifiedEmail),
                clock);
    }

    OpeningGrant openIn(SignupGrants grants, String account, String address) {
        return db.inTransaction(c -> grants.openInTx(c, account, address));
    }

    java.util.Optional<OpeningGrant> verified(SignupGrants grants, String account) {
        return db.inTransaction(c -> grants.afterEmailVerifiedInTx(c, account));
    }

    OpeningGrant open(SignupGrants grants, String address) {
        String account = TestDatabases.createAccount(db);
        OpeningGrant grant = openIn(grants, account, address);
        assertThat(ledger.balanceMicros(account)).isEqualTo(grant instanceof OpeningGrant.Granted g ? g.micros() : 0);
        assertThat(grants.of(account)).contains(grant);
        return grant;
    }

    @Test
    void anAddressGetsItsGrantsThenAccountsOpenAtZeroAndAreToldWhy() {
        SignupGrants grants = grants(3, 0, false);
        for (int i = 0; i < 3; i++) assertThat(open(grants, "198.51.100.4")).isEqualTo(new OpeningGrant.Granted(2_000_000));
        OpeningGrant fourth = open(grants, "198.51.100.4");
        assertThat(fourth).isInstanceOfSatisfying(OpeningGrant.Withheld.class, w -> assertThat(w.message())
                .contains("$0.00", "3 accounts", "network address", "24 hours", "$2.00", "/byok"));
        assertThat(open(grants, "198.51.100.5")).isInstanceOf(OpeningGrant.Granted.class);
    }

    @Test
    void theWindowStartsWithItsFirstGrantAndAnEndedWindowGrantsAgain() {
        SignupGrants grants = grants(1, 0, false);
        assertThat(open(grants, "198.51.100.4")).isInstanceOf(OpeningGrant.Granted.class);
        clock.advance(Duration.ofHours(23));
        assertThat(open(grants, "198.51.100.4")).isInstanceOf(OpeningGrant.Withheld.class);
        clock.advance(Duration.ofHours(1));
        assertThat(open(grants, "198.51.100.4")).isInstanceOf(OpeningGrant.Granted.class);
        assertThat(open(grants, "198.51.100.4")).isInstanceOf(OpeningGrant.Withheld.class);
    }

    @Test
    void theLimitOverAllAddressesHoldsAndARefusalThereGivesTheAddressItsGrantBack() {
        SignupGrants grants = grants(2, 3, false);
        assertThat(open(grants, "198.51.100.1")).isInstanceOf(OpeningGrant.Granted.class);
        assertThat(open(grants, "198.51.100.2")).isInstanceOf(OpeningGrant.Granted.class);
        assertThat(open(grants, "198.51.100.3")).isInstanceOf(OpeningGrant.Granted.class);
        assertThat(open(grants, "198.51.100.1")).isInstanceOfSatisfying(OpeningGrant.Withheld.class,
                w -> assertThat(w.reason()).contains("all 3 free sign-up credits"));
        clock.advance(Duration.ofDays(1));
        // The refused sign-up did not use up 198.51.100.1's second grant of the old window, nor count in the new one.
        assertThat(open(grants, "198.51.100.1")).isInstanceOf(OpeningGrant.Granted.class);
        assertThat(open(grants, "198.51.100.1")).isInstanceOf(OpeningGrant.Granted.class);
        assertThat(open(grants, "198.51.100.1")).isInstanceOf(OpeningGrant.Withheld.class);
    }

    @Test
    void concurrentSignUpsFromOneAddressCannotPassTheLimitTogether() throws Exception {
        SignupGrants grants = grants(3, 0, false);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 24; i++) accounts.add(TestDatabases.createAccount(db));
        List<Future<OpeningGrant>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (String account : accounts) {
                results.add(pool.submit((Callable<OpeningGrant>) () -> openIn(grants, account, "198.51.100.9")));
            }
        }
        long granted = 0;
        for (Future<OpeningGrant> r : results) if (r.get() instanceof OpeningGrant.Granted) granted++;
        assertThat(granted).isEqualTo(3);
        assertThat(accounts.stream().mapToLong(ledger::balanceMicros).sum()).isEqualTo(3 * 2_000_000L);
    }

    @Test
    void aGrantWaitingForTheEmailIsGivenOnceAtVerificationAgainstTheSignUpAddress() {
        SignupGrants grants = grants(1, 0, true);
        String first = TestDatabases.createAccount(db);
        String second = TestDatabases.createAccount(db);
        assertThat(openIn(grants, first, "198.51.100.7")).isEqualTo(new OpeningGrant.AwaitingEmail(2_000_000));
        assertThat(openIn(grants, second, "198.51.100.7")).isInstanceOf(OpeningGrant.AwaitingEmail.class);
        assertThat(ledger.balanceMicros(first)).isZero();

        assertThat(verified(grants, first)).contains(new OpeningGrant.Granted(2_000_000));
        assertThat(verified(grants, first)).as("decided once").isEmpty();
        assertThat(ledger.balanceMicros(first)).isEqualTo(2_000_000);
        assertThat(verified(grants, second)).hasValueSatisfying(
                g -> assertThat(g).isInstanceOf(OpeningGrant.Withheld.class));
        assertThat(ledger.balanceMicros(second)).isZero();
    }

    @Test
    void aGatewayWithoutAGrantSaysSo() {
        SignupGrants none = new SignupGrants(db, ledger, new SignupGrants.Limits(0, 3, 0, Duration.ofDays(1), true), clock);
        String account = TestDatabases.createAccount(db);
        assertThat(openIn(none, account, "198.51.100.7")).isInstanceOf(OpeningGrant.None.class);
        assertThat(none.needsVerifiedEmail()).isFalse();
    }
}
