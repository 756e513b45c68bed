package dev.anyrouter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

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
        sessions = new SessionStore(db, new SecureRandom(), clock, Duration.ofHours(12));
        alice = TestDatabases.createAccount(db);
    }

    @Test
    void createdSessionIsFoundByItsTokenWithItsCsrfToken() {
        var created = sessions.create(alice);
        assertThat(Base64.getUrlDecoder().decode(created.token())).hasSize(32);
        assertThat(created.session().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(sessions.find(created.token())).contains(created.session());
        assertThat(created.session().csrfToken()).isNotEqualTo(created.token());
    }

    @Test
    void tokenIsStoredOnlyAsItsHash() {
        var created = sessions.create(alice);
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", created.token())).isZero();
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
                ApiKeyFormat.sha256Hex(created.token()))).isEqualTo(1);
    }

    @Test
    void sessionExpiresAfterItsLifetime() {
        var created = sessions.create(alice);
        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(sessions.find(created.token())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(created.token())).isEmpty();
        assertThat(sessions.deleteExpired()).isEqualTo(1);
    }

    @Test
    void deleteEndsOnlyThatSession() {
        var first = sessions.create(alice);
        var second = sessions.create(alice);
        sessions.delete(first.token());
        assertThat(sessions.find(first.token())).isEmpty();
        assertThat(sessions.find(second.token())).isPresent();
        assertThat(sessions.deleteAllFor(alice)).isEqualTo(1);
        assertThat(sessions.find(second.token())).isEmpty();
    }

    @Test
    void unknownOrJunkTokensFindNothing() {
        sessions.create(alice);
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find("x".repeat(10_000))).isEmpty();
        assertThat(sessions.find("not-a-session")).isEmpty();
    }

    @Test
    void printingASessionShowsNeitherToken() {
        var created = sessions.create(alice);
        assertThat(created.toString()).doesNotContain(created.token()).doesNotContain(created.session().csrfToken());
    }
}
