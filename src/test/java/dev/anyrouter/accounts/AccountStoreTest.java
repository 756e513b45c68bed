package dev.anyrouter.accounts;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.LedgerEntry;
import dev.anyrouter.billing.OpeningGrant;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass
@EnumSource(Engine.class)
class AccountStoreTest {
    static final String ADDRESS = "203.0.113.7";
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.678Z"));
    Database db;
    Ledger ledger;
    ApiKeyStore keys;
    AccountStore accounts;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        TestAccounts made = TestAccounts.on(db, clock);
        ledger = made.ledger();
        keys = made.keys();
        accounts = made.accounts();
    }

    @Test
    void signupCreatesOneAccountTwoDollarsOfCreditAndAWorkingDefaultKey() {
        SignupResult result = accounts.signup("  Ada@Example.COM ", "s3cret-passphrase".toCharArray(), ADDRESS);

        assertThat(result.account().email()).isEqualTo("ada@example.com");
        assertThat(result.account().createdAt()).isEqualTo(clock.instant());
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM accounts", null)).isEqualTo(1);

        assertThat(ledger.balanceMicros(result.account().id())).isEqualTo(2_000_000L);
        assertThat(ledger.entries(result.account().id())).singleElement().satisfies(e -> {
            assertThat(e.amountMicros()).isEqualTo(2_000_000L);
            assertThat(e.kind()).isEqualTo("grant");
        });

        NewApiKey key = result.apiKey();
        assertThat(key.info().name()).isEqualTo("default");
        assertThat(key.info().kind()).as("sign-up's key sets the account up: a management key").isEqualTo(ApiKeyKind.MANAGEMENT);
        assertThat(key.info().accountId()).isEqualTo(result.account().id());
        assertThat(keys.authenticate(key.plaintext())).map(ApiKeyInfo::id).contains(key.info().id());
        assertThat(keys.list(result.account().id())).extracting(ApiKeyInfo::id).containsExactly(key.info().id());
    }

    @Test
    void duplicateEmailIsRefusedAndWritesNothing() {
        accounts.signup("ada@example.com", "first-password".toCharArray(), ADDRESS);

        assertThatThrownBy(() -> accounts.signup(" ADA@example.com", "second-password".toCharArray(), ADDRESS))
                .isInstanceOf(DuplicateEmailException.class)
                .hasMessageNotContaining("ada@");

        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM accounts", null)).isEqualTo(1);
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM ledger_entries", null)).isEqualTo(1);
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM api_keys", null)).isEqualTo(1);
        assertThat(accounts.login("ada@example.com", "first-password".toCharArray())).isPresent();
    }

    @Test
    void loginAcceptsTheRightPasswordOnly() {
        Account ada = accounts.signup("ada@example.com", "right-password".toCharArray(), ADDRESS).account();

        assertThat(accounts.login("ada@example.com", "right-password".toCharArray())).contains(ada);
        assertThat(accounts.login(" ADA@EXAMPLE.COM ", "right-password".toCharArray())).contains(ada);
        assertThat(accounts.login("ada@example.com", "wrong-password".toCharArray())).isEmpty();
        assertThat(accounts.login("nobody@example.com", "right-password".toCharArray())).isEmpty();
        assertThat(accounts.login(null, null)).isEmpty();
    }

    @Test
    void passwordIsStoredOnlyAsAnArgon2Hash() {
        Account ada = accounts.signup("ada@example.com", "plain-text-pw".toCharArray(), ADDRESS).account();
        String stored = db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT password_hash FROM accounts WHERE id = ?")) {
                ps.setString(1, ada.id());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertThat(stored).startsWith("$argon2id$").doesNotContain("plain-text-pw");
    }

    @Test
    void findReturnsTheAccountOrEmpty() {
        Account ada = accounts.signup("ada@example.com", "a fine passphrase".toCharArray(), ADDRESS).account();
        assertThat(accounts.find(ada.id())).contains(ada);
        assertThat(accounts.find("no-such-id")).isEmpty();
    }

    @Test
    void rejectsAddressesThatAreNotEmailsAndEmptyPasswords() {
        assertThatThrownBy(() -> accounts.signup("not-an-email", "pw".toCharArray(), ADDRESS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.signup("a@b@c", "pw".toCharArray(), ADDRESS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.signup("a b@c.d", "pw".toCharArray(), ADDRESS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.signup("a@b.c", new char[0], ADDRESS)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM accounts", null)).isZero();
    }

    @Test
    void signupResultNeverPrintsTheKey() {
        SignupResult result = accounts.signup("ada@example.com", "a fine passphrase".toCharArray(), ADDRESS);
        assertThat(result.toString()).doesNotContain(result.apiKey().plaintext());
        assertThat(result.apiKey().toString()).doesNotContain(result.apiKey().plaintext()).contains("redacted");
    }

    @Test
    void theGrantLimitCountsAnIpv6AddressBySlash64AsGuessingDoes() {
        var grants = new SignupGrants(db, ledger, new SignupGrants.Limits(2_000_000, 2, 0, Duration.ofDays(1), false), clock);
        var limited = new AccountStore(db, new PasswordHasher(new SecureRandom()), keys, grants,
                new EmailVerifications(db, grants, new SecureRandom(), clock), clock);
        assertThat(limited.signup("v6a@example.com", "a fine passphrase".toCharArray(), "2001:db8:1:2::1").grant())
                .isInstanceOf(OpeningGrant.Granted.class);
        assertThat(limited.signup("v6b@example.com", "a fine passphrase".toCharArray(), "2001:db8:1:2:ffff::9").grant())
                .isInstanceOf(OpeningGrant.Granted.class);
        assertThat(limited.signup("v6c@example.com", "a fine passphrase".toCharArray(), "2001:db8:1:2:abcd:1:2:3").grant())
                .isInstanceOf(OpeningGrant.Withheld.class);
        assertThat(limited.signup("v6d@example.com", "a fine passphrase".toCharArray(), "2001:db8:1:3::1").grant())
                .isInstanceOf(OpeningGrant.Granted.class);
    }

    @Test
    void everyAccountGetsItsOwnGrant() {
        var a = accounts.signup("a@example.com", "a fine passphrase".toCharArray(), ADDRESS).account();
        var b = accounts.signup("b@example.com", "a fine passphrase".toCharArray(), ADDRESS).account();
        assertThat(ledger.balanceMicros(a.id())).isEqualTo(2_000_000L);
        assertThat(ledger.balanceMicros(b.id())).isEqualTo(2_000_000L);
        assertThat(ledger.entries(a.id())).extracting(LedgerEntry::accountId).containsOnly(a.id());
    }
}
