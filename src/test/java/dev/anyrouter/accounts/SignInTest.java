package dev.anyrouter.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Signing in over a real store on both engines, the clock stepped instead of slept. */
@ParameterizedClass
@EnumSource(Engine.class)
class SignInTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();
    static final String PASSWORD = "correct horse battery staple";

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-02-03T04:05:06Z"));
    Database db;
    SessionStore sessions;
    AccountStore accounts;
    SignIn signIn;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        SecureRandom random = new SecureRandom();
        TestAccounts made = TestAccounts.on(db, clock);
        accounts = made.accounts();
        sessions = new SessionStore(db, random, clock, Duration.ofHours(8), Duration.ofDays(7));
        signIn = new SignIn(accounts, made.onboarding(), sessions, new GuessingLimit(10, Duration.ofMinutes(15), clock));
        signIn.signup("ada@example.com", PASSWORD.toCharArray(), "198.51.100.1");
    }

    @Test
    void theEleventhWrongPasswordIsRefusedUntilTheWindowEndsThenTheRightOneWorks() {
        for (int i = 0; i < 10; i++) {
            assertThat(signIn.login("ada@example.com", ("wrong guess " + i).toCharArray(), "203.0.113.9", null, "ua")).isEmpty();
        }
        assertThatThrownBy(() -> signIn.login("ada@example.com", PASSWORD.toCharArray(), "203.0.113.9", null, "ua"))
                .isInstanceOfSatisfying(TooManyAttemptsException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(15 * 60));
        // The account is limited from every address, not only the guesser's.
        assertThatThrownBy(() -> signIn.login("ADA@example.com ", PASSWORD.toCharArray(), "192.0.2.1", null, "ua"))
                .isInstanceOf(TooManyAttemptsException.class);
        clock.advance(Duration.ofMinutes(15));
        assertThat(signIn.login("ada@example.com", PASSWORD.toCharArray(), "203.0.113.9", null, "ua")).isPresent();
    }

    @Test
    void oneAddressGuessingAcrossManyAccountsIsLimitedToo() {
        for (int i = 0; i < 10; i++) {
            assertThat(signIn.login("user" + i + "@example.com", PASSWORD.toCharArray(), "2001:db8:1:2::" + i, null, "ua")).isEmpty();
        }
        // Another address in the same IPv6 /64 is the same subscriber.
        assertThatThrownBy(() -> signIn.login("ada@example.com", PASSWORD.toCharArray(), "2001:db8:1:2:ffff::1", null, "ua"))
                .isInstanceOf(TooManyAttemptsException.class);
        assertThat(signIn.login("ada@example.com", PASSWORD.toCharArray(), "2001:db8:1:3::1", null, "ua")).isPresent();
    }

    @Test
    void refusedSignUpsCountAgainstTheAddress() {
        for (int i = 0; i < 10; i++) {
            int n = i;
            assertThatThrownBy(() -> signIn.signup("ada@example.com", (PASSWORD + n).toCharArray(), "203.0.113.50"))
                    .isInstanceOf(DuplicateEmailException.class);
        }
        assertThatThrownBy(() -> signIn.signup("new@example.com", PASSWORD.toCharArray(), "203.0.113.50"))
                .isInstanceOf(TooManyAttemptsException.class);
        assertThat(accounts.login("new@example.com", PASSWORD.toCharArray())).isEmpty();
        assertThat(signIn.signup("new@example.com", PASSWORD.toCharArray(), "203.0.113.51").account().email()).isEqualTo("new@example.com");
    }

    @Test
    void loginEndsTheSessionTheBrowserAlreadyPresented() {
        var planted = signIn.login("ada@example.com", PASSWORD.toCharArray(), "192.0.2.1", null, "ua").orElseThrow();
        var fresh = signIn.login("ada@example.com", PASSWORD.toCharArray(), "192.0.2.1", planted.token(), "ua").orElseThrow();
        assertThat(fresh.token()).isNotEqualTo(planted.token());
        assertThat(sessions.find(planted.token())).isEmpty();
        assertThat(sessions.find(fresh.token())).isPresent();
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionAndRotatesTheCallersOwn() {
        var mine = signIn.login("ada@example.com", PASSWORD.toCharArray(), "192.0.2.1", null, "mine").orElseThrow();
        var other = signIn.login("ada@example.com", PASSWORD.toCharArray(), "192.0.2.2", null, "other").orElseThrow();
        var third = signIn.login("ada@example.com", PASSWORD.toCharArray(), "192.0.2.3", null, "third").orElseThrow();
        String accountId = mine.session().accountId();
        var changed = signIn.changePassword(accountId, PASSWORD.toCharArray(), "a brand new passphrase".toCharArray(),
                "192.0.2.1", mine.token()).orElseThrow();
        assertThat(changed.sessionsEnded()).isEqualTo(2);
        assertThat(sessions.find(other.token())).isEmpty();
        assertThat(sessions.find(third.token())).isEmpty();
        assertThat(sessions.find(mine.token())).as("the old token of the caller's own session").isEmpty();
        assertThat(sessions.find(changed.rotated().token())).isPresent();
        assertThat(accounts.login("ada@example.com", PASSWORD.toCharArray())).isEmpty();
        assertThat(accounts.login("ada@example.com", "a brand new passphrase".toCharArray())).isPresent();
    }

    @Test
    void aWrongCurrentPasswordChangesNothingAndCountsAsAFailure() {
        var mine = signIn.login("ada@example.com", PASSWORD.toCharArray(), "192.0.2.1", null, "mine").orElseThrow();
        String accountId = mine.session().accountId();
        assertThatThrownBy(() -> signIn.changePassword(accountId, PASSWORD.toCharArray(), "password1234".toCharArray(),
                "192.0.2.7", null)).isInstanceOf(WeakPasswordException.class);
        for (int i = 0; i < 10; i++) {
            assertThat(signIn.changePassword(accountId, "not my password".toCharArray(), "a brand new passphrase".toCharArray(),
                    "192.0.2.1", mine.token())).isEmpty();
        }
        assertThat(sessions.find(mine.token())).isPresent();
        assertThatThrownBy(() -> signIn.changePassword(accountId, PASSWORD.toCharArray(), "a brand new passphrase".toCharArray(),
                "192.0.2.7", null)).isInstanceOf(TooManyAttemptsException.class);
        assertThat(accounts.login("ada@example.com", PASSWORD.toCharArray())).isPresent();
    }
}
