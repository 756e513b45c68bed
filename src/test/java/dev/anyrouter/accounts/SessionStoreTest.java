package dev.anyrouter.accounts;

import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Engine.class)
class SessionStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    Database db;
    SessionStore sessions;
    String alice;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        sessions = new SessionStore(db, new SecureRandom(), clock, Duration.ofHours(1), Duration.ofHours(12));
        alice = TestDatabases.createAccount(db);
    }

    @Test
    void createdSessionIsFoundByItsTokenWithItsCsrfToken() {
        var created = sessions.create(alice, "test");
        assertThat(Base64.getUrlDecoder().decode(created.token())).hasSize(32);
        assertThat(created.session().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(sessions.find(created.token())).contains(created.session());
        assertThat(created.session().csrfToken()).isNotEqualTo(created.token());
    }

    @Test
    void tokenIsStoredOnlyAsItsHash() {
        var created = sessions.create(alice, "test");
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", created.token())).isZero();
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
                ApiKeyFormat.sha256Hex(created.token()))).isEqualTo(1);
    }

    @Test
    void aBusySessionStillEndsAtItsAbsoluteLifetime() {
        var created = sessions.create(alice, "test");
        for (int i = 0; i < 23; i++) {
            clock.advance(Duration.ofMinutes(30));
            assertThat(sessions.find(created.token())).as("used every half hour, %d", i).isPresent();
        }
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertThat(sessions.find(created.token())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(created.token())).isEmpty();
        assertThat(sessions.deleteExpired()).isEqualTo(1);
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM sessions WHERE account_id = ?", alice)).isZero();
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEndsAndItsRowIsDeleted() {
        var idle = sessions.create(alice, "idle");
        var busy = sessions.create(alice, "busy");
        clock.advance(Duration.ofMinutes(40));
        assertThat(sessions.find(busy.token())).isPresent();
        clock.advance(Duration.ofMinutes(20).minusSeconds(1));
        assertThat(sessions.find(idle.token())).as("59:59 unused").isPresent();
        clock.advance(Duration.ofMinutes(59));
        assertThat(sessions.find(idle.token())).as("used at 59:59, then 59 min idle").isPresent();
        clock.advance(Duration.ofMinutes(60));
        assertThat(sessions.find(idle.token())).as("60 min idle").isEmpty();
        assertThat(sessions.list(alice)).isEmpty();
        assertThat(sessions.deleteExpired()).isEqualTo(2);
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM sessions WHERE account_id = ?", alice)).isZero();
    }

    @Test
    void aSessionInUseNeverLooksIdleEvenWhenTheIdleTimeoutIsShorterThanAMinute() {
        SessionStore brief = new SessionStore(db, new SecureRandom(), clock, Duration.ofSeconds(40), Duration.ofHours(1));
        var created = brief.create(alice, "busy");
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(brief.find(created.token())).as("used every 30 s of a 40 s idle timeout, %d", i).isPresent();
        }
        clock.advance(Duration.ofSeconds(40));
        assertThat(brief.find(created.token())).isEmpty();
    }

    @Test
    void rotatingGivesANewTokenAndCsrfTokenAndTheOldTokenStopsWorking() {
        var created = sessions.create(alice, "test");
        var rotated = sessions.rotate(created.token()).orElseThrow();
        assertThat(rotated.token()).isNotEqualTo(created.token());
        assertThat(rotated.session().csrfToken()).isNotEqualTo(created.session().csrfToken());
        assertThat(rotated.session().id()).isEqualTo(created.session().id());
        assertThat(rotated.session().expiresAt()).isEqualTo(created.session().expiresAt());
        assertThat(sessions.find(created.token())).isEmpty();
        assertThat(sessions.find(rotated.token())).contains(rotated.session());
        assertThat(sessions.rotate(created.token())).isEmpty();
    }

    @Test
    void listsAnAccountsLiveSessionsAndEndsOneByIdOrAllButOne() {
        var first = sessions.create(alice, "Firefox\u0007 on Linux");
        var second = sessions.create(alice, "x".repeat(1000));
        var third = sessions.create(alice, null);
        String bob = TestDatabases.createAccount(db);
        var bobs = sessions.create(bob, "bob");
        assertThat(sessions.list(alice)).extracting(SessionInfo::id)
                .containsExactlyInAnyOrder(first.session().id(), second.session().id(), third.session().id());
        assertThat(sessions.list(alice)).extracting(SessionInfo::userAgent).contains("Firefox on Linux", "x".repeat(200), "");
        assertThat(sessions.end(alice, bobs.session().id())).as("another account's session").isFalse();
        assertThat(sessions.find(bobs.token())).isPresent();
        assertThat(sessions.end(alice, third.session().id())).isTrue();
        assertThat(sessions.find(third.token())).isEmpty();
        assertThat(sessions.deleteAllBut(alice, first.session().id())).isEqualTo(1);
        assertThat(sessions.find(first.token())).isPresent();
        assertThat(sessions.find(second.token())).isEmpty();
        assertThat(sessions.find(bobs.token())).isPresent();
    }

    @Test
    void deleteEndsOnlyThatSession() {
        var first = sessions.create(alice, "test");
        var second = sessions.create(alice, "test");
        sessions.delete(first.token());
        assertThat(sessions.find(first.token())).isEmpty();
        assertThat(sessions.find(second.token())).isPresent();
        assertThat(sessions.deleteAllFor(alice)).isEqualTo(1);
        assertThat(sessions.find(second.token())).isEmpty();
    }

    @Test
    void unknownOrJunkTokensFindNothing() {
        sessions.create(alice, "test");
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find("x".repeat(10_000))).isEmpty();
        assertThat(sessions.find("not-a-session")).isEmpty();
    }

    @Test
    void printingASessionShowsNeitherToken() {
        var created = sessions.create(alice, "test");
        assertThat(created.toString()).doesNotContain(created.token()).doesNotContain(created.session().csrfToken());
    }
}
