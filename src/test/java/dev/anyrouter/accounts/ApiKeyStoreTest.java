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

@ParameterizedClass
@EnumSource(Engine.class)
class ApiKeyStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    Database db;
    ApiKeyStore keys;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        keys = new ApiKeyStore(db, new SecureRandom(), clock);
        alice = TestDatabases.createAccount(db);
        bob = TestDatabases.createAccount(db);
    }

    @Test
    void createdKeyAuthenticatesAndIsStoredOnlyAsItsHash() {
        NewApiKey created = keys.create(alice, " ci ", ApiKeyKind.INFERENCE);
        assertThat(created.info().name()).isEqualTo("ci");
        assertThat(created.info().prefix()).isEqualTo(created.plaintext().substring(0, 13) + "…");
        assertThat(ApiKeyFormat.isWellFormed(created.plaintext())).isTrue();

        assertThat(keys.authenticate(created.plaintext())).contains(created.info());
        assertThat(TestDatabases.count(db, "SELECT COUNT(*) FROM api_keys WHERE key_hash = ?",
                ApiKeyFormat.sha256Hex(created.plaintext()))).isEqualTo(1);
        String allText = db.withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT * FROM api_keys")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        sb.append(rs.getString(i)).append('|');
                    }
                }
                return sb.toString();
            }
        });
        assertThat(allText).doesNotContain(created.plaintext());
    }

    @Test
    void oneCharacterChangeIsRejectedAndUnknownWellFormedKeysFindNothing() {
        NewApiKey created = keys.create(alice, "ci", ApiKeyKind.INFERENCE);
        String key = created.plaintext();
        char last = key.charAt(20);
        String changed = key.substring(0, 20) + (last == 'a' ? 'b' : 'a') + key.substring(21);
        assertThat(keys.authenticate(changed)).isEmpty();
        assertThat(keys.authenticate(ApiKeyFormat.generate(new SecureRandom()))).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("Bearer " + key)).isEmpty();
    }

    @Test
    void listShowsLiveKeysNewestFirst() {
        NewApiKey first = keys.create(alice, "first", ApiKeyKind.INFERENCE);
        clock.advance(Duration.ofSeconds(1));
        NewApiKey second = keys.create(alice, "second", ApiKeyKind.INFERENCE);
        clock.advance(Duration.ofSeconds(1));
        NewApiKey third = keys.create(alice, "third", ApiKeyKind.INFERENCE);
        keys.revoke(alice, second.info().id());

        assertThat(keys.list(alice)).extracting(ApiKeyInfo::name).containsExactly("third", "first");
        assertThat(keys.list(alice)).extracting(ApiKeyInfo::id).containsExactly(third.info().id(), first.info().id());
    }

    @Test
    void revokedKeyNoLongerAuthenticates() {
        NewApiKey created = keys.create(alice, "ci", ApiKeyKind.INFERENCE);
        assertThat(keys.revoke(alice, created.info().id())).isTrue();
        assertThat(keys.authenticate(created.plaintext())).isEmpty();
        assertThat(keys.revoke(alice, created.info().id())).as("second revoke").isFalse();
    }

    @Test
    void anotherAccountCanNeitherSeeNorRevokeMyKeys() {
        NewApiKey mine = keys.create(alice, "mine", ApiKeyKind.INFERENCE);
        keys.create(bob, "theirs", ApiKeyKind.INFERENCE);

        assertThat(keys.list(bob)).extracting(ApiKeyInfo::accountId).containsOnly(bob);
        assertThat(keys.revoke(bob, mine.info().id())).isFalse();
        assertThat(keys.authenticate(mine.plaintext())).map(ApiKeyInfo::accountId).contains(alice);
    }

    @Test
    void touchLastUsedOnlyMovesForward() {
        NewApiKey created = keys.create(alice, "ci", ApiKeyKind.INFERENCE);
        assertThat(created.info().lastUsedAt()).isNull();
        Instant later = Instant.parse("2026-02-01T00:00:00Z");
        keys.touchLastUsed(created.info().id(), later);
        keys.touchLastUsed(created.info().id(), later.minusSeconds(60));
        assertThat(keys.authenticate(created.plaintext()).orElseThrow().lastUsedAt()).isEqualTo(later);
    }

    @Test
    void aKeyKeepsTheKindItWasMadeWith() {
        NewApiKey app = keys.create(alice, "app", ApiKeyKind.INFERENCE);
        NewApiKey admin = keys.create(alice, "admin", ApiKeyKind.MANAGEMENT);

        assertThat(app.info().kind()).isEqualTo(ApiKeyKind.INFERENCE);
        assertThat(keys.authenticate(app.plaintext()).orElseThrow().kind()).isEqualTo(ApiKeyKind.INFERENCE);
        assertThat(keys.authenticate(admin.plaintext()).orElseThrow().kind()).isEqualTo(ApiKeyKind.MANAGEMENT);
        assertThat(keys.list(alice)).extracting(ApiKeyInfo::name, ApiKeyInfo::kind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("admin", ApiKeyKind.MANAGEMENT),
                        org.assertj.core.groups.Tuple.tuple("app", ApiKeyKind.INFERENCE));
    }

    @Test
    void theCapHoldsWhenManyKeysAreMadeAtOnce() throws Exception {
        ApiKeyStore capped = new ApiKeyStore(db, new SecureRandom(), clock, dev.anyrouter.cluster.ChangeFeed.inProcess(), 5);
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var attempts = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                attempts.add(threads.submit(() -> {
                    try {
                        capped.create(alice, "k" + n, ApiKeyKind.INFERENCE);
                        return true;
                    } catch (dev.anyrouter.store.AccountCapException full) {
                        return false;
                    }
                }));
            }
            int made = 0;
            for (var attempt : attempts) if (attempt.get()) made++;
            assertThat(made).isEqualTo(5);
        }
        assertThat(keys.list(alice)).hasSize(5);
        assertThatThrownBy(() -> capped.create(alice, "one more", ApiKeyKind.INFERENCE))
                .isInstanceOf(dev.anyrouter.store.AccountCapException.class).hasMessageContaining("5 API keys");
        assertThat(capped.create(bob, "bob's", ApiKeyKind.INFERENCE)).as("another account's room is its own").isNotNull();
        assertThat(keys.revoke(alice, keys.list(alice).getFirst().id())).isTrue();
        assertThat(capped.create(alice, "room again", ApiKeyKind.INFERENCE)).isNotNull();
    }

    @Test
    void createInTxJoinsTheCallersTransaction() {
        assertThatThrownBy(() -> db.inTransaction(c -> {
            keys.createInTx(c, alice, "rolled back", ApiKeyKind.MANAGEMENT);
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        assertThat(keys.list(alice)).isEmpty();
    }

    @Test
    void rejectsBlankOrOverlongNamesAndUnknownAccounts() {
        assertThatThrownBy(() -> keys.create(alice, "  ", ApiKeyKind.INFERENCE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.create(alice, "x".repeat(101), ApiKeyKind.INFERENCE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.create("no-such-account", "ci", ApiKeyKind.INFERENCE)).isInstanceOf(dev.anyrouter.store.StoreException.class);
    }
}
